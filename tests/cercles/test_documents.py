"""Documents attached to a meeting: checked by content, stored out of sight, served
only to those who see the site."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from cercles.models import MeetingDocument
from tests.cercles.utils import page_text
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


DOCX = _zip(
    [
        ("[Content_Types].xml", b"<Types/>"),
        ("_rels/.rels", b"<Relationships/>"),
        ("docProps/app.xml", b"<Properties/>"),
        ("docProps/core.xml", b"<coreProperties/>"),
        ("word/document.xml", b"<document/>"),
    ]
)
ODS = _zip(
    [
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", b"<office:document-content/>"),
    ]
)
PLAIN_ZIP = _zip([("notes.txt", b"bonjour")])


def stored_files() -> set[str]:
    try:
        return set(default_storage.listdir("cercles/documents")[1])
    except FileNotFoundError:
        return set()


def upload(client, meeting, name, content):
    return client.post(
        reverse("cercles:document_upload", args=[meeting.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Compte rendu.pdf", PDF, "application/pdf"),
        ("photo.PNG", PNG, "image/png"),
        ("affiche.jpeg", JPEG, "image/jpeg"),
        (
            "synthèse.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("budget.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
        (
            "présents.csv",
            "nom;structure\nFauvel;Ville\n".encode("cp1252"),
            "text/csv; charset=utf-8",
        ),
        (
            "notes.txt",
            "Réunion du 11 mars : trois décisions.\n".encode(),
            "text/plain; charset=utf-8",
        ),
    ],
)
def test_accepted_documents_are_stored_under_a_random_name_and_downloaded_as_attachments(
    cercle_world, member_a, observer, name, content, content_type
):
    meeting = cercle_world["meeting"]
    response = upload(client_for(member_a), meeting, name, content)
    assert response.status_code == 302
    document = MeetingDocument.objects.exclude(pk=cercle_world["document"].pk).get()
    assert document.original_name == name
    assert document.content_type == content_type
    assert document.file.name.startswith("cercles/documents/")
    assert name not in document.file.name and "." not in document.file.name.rsplit("/", 1)[1]

    download = client_for(observer).get(document.get_absolute_url())  # observers read
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == content_type
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "compte-rendu.pdf",
            HTML,
            "Le contenu du fichier ne correspond pas à son extension « .pdf »",
        ),
        (
            "compte-rendu.pdf",
            EXE,
            "Le contenu du fichier ne correspond pas à son extension « .pdf »",
        ),
        ("photo.png", PDF, "Le contenu du fichier ne correspond pas à son extension « .png »"),
        ("synthese.docx", PLAIN_ZIP, "ne correspond pas à son extension « .docx »"),
        ("notes.txt", HTML, "ne correspond pas à son extension « .txt »"),
        ("notes.txt", EXE, "ne correspond pas à son extension « .txt »"),
        ("programme.exe", EXE, "Ce type de fichier n'est pas accepté."),
        ("page.html", HTML, "Ce type de fichier n'est pas accepté."),
        ("vide.pdf", b"", "Le fichier soumis est vide."),
    ],
)
def test_disguised_or_unaccepted_files_are_refused_in_french_and_nothing_is_stored(
    cercle_world, member_a, name, content, message
):
    before = stored_files()
    response = upload(client_for(member_a), cercle_world["meeting"], name, content)
    assert response.status_code == 200
    assert message in page_text(response)
    assert MeetingDocument.objects.count() == 1  # the fixture's only
    assert stored_files() == before


@override_settings(DOCUMENT_MAX_SIZE_MB=1)
def test_an_oversized_file_is_refused_with_the_limit_and_nothing_is_stored(cercle_world, member_a):
    before = stored_files()
    big = PDF + b"0" * (1024 * 1024)
    response = upload(client_for(member_a), cercle_world["meeting"], "gros.pdf", big)
    assert "Le fichier pèse 1,1 Mo : la limite est de 1 Mo." in page_text(response)
    assert MeetingDocument.objects.count() == 1
    assert stored_files() == before


def test_documents_of_site_a_are_not_downloadable_by_a_member_of_site_b(cercle_world, member_b):
    response = client_for(member_b).get(cercle_world["document"].get_absolute_url())
    assert response.status_code == 404


def test_removing_a_document_removes_its_file(
    cercle_world, member_a, django_capture_on_commit_callbacks
):
    document = cercle_world["document"]
    name = document.file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(member_a).post(reverse("cercles:document_delete", args=[document.pk]))
    assert response.status_code == 302
    assert not MeetingDocument.objects.filter(pk=document.pk).exists()
    assert not default_storage.exists(name)


def test_the_meeting_page_lists_documents_with_their_original_names(cercle_world, observer):
    page = client_for(observer).get(cercle_world["meeting"].get_absolute_url())
    assert "compte-rendu.pdf" in page_text(page)
    assert cercle_world["document"].get_absolute_url() in page.content.decode()
