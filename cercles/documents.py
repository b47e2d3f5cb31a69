"""Checking an uploaded document by what it contains, not by what it is called.

The name's extension says what the file claims to be; the first bytes (magic numbers,
read by the ``filetype`` library) and, for office files, the list of parts inside the
ZIP container say what it is. Both must agree and be on the list below, or the file is
refused: an executable or a web page renamed ``.pdf`` never reaches the disk.
"""

import codecs
import math
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class DocumentType:
    key: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


_TYPES = [
    DocumentType("pdf", "PDF", "application/pdf", ("pdf",)),
    DocumentType("odt", "texte OpenDocument", "application/vnd.oasis.opendocument.text", ("odt",)),
    DocumentType(
        "ods", "tableur OpenDocument", "application/vnd.oasis.opendocument.spreadsheet", ("ods",)
    ),
    DocumentType(
        "odp",
        "présentation OpenDocument",
        "application/vnd.oasis.opendocument.presentation",
        ("odp",),
    ),
    DocumentType(
        "docx",
        "document Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("docx",),
    ),
    DocumentType(
        "xlsx",
        "classeur Excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ("xlsx",),
    ),
    DocumentType(
        "pptx",
        "présentation PowerPoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ("pptx",),
    ),
    DocumentType("png", "image PNG", "image/png", ("png",)),
    DocumentType("jpeg", "image JPEG", "image/jpeg", ("jpg", "jpeg")),
    DocumentType("txt", "texte", "text/plain; charset=utf-8", ("txt",)),
    DocumentType("csv", "tableau CSV", "text/csv; charset=utf-8", ("csv",)),
]
TYPES = {t.key: t for t in _TYPES}
BY_EXTENSION = {ext: t for t in _TYPES for ext in t.extensions}
ACCEPTED_EXTENSIONS = ", ".join(f".{ext}" for ext in BY_EXTENSION)

# What filetype's matchers answer, mapped to our keys.
_FILETYPE_KEYS = {
    "pdf": "pdf",
    "odt": "odt",
    "ods": "ods",
    "odp": "odp",
    "docx": "docx",
    "xlsx": "xlsx",
    "pptx": "pptx",
    "png": "png",
    "jpg": "jpeg",
}
# Parts that identify an Office Open XML file inside its ZIP container.
_OOXML_PARTS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
_ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
# Text that a browser would take for a page or an image with scripts.
_MARKUP_STARTS = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<svg",
    b"<?xml",
    b"<iframe",
)
_HEAD_BYTES = 8192


def max_size() -> int:
    return settings.DOCUMENT_MAX_SIZE_MB * 1024 * 1024


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _zip_kind(upload) -> str | None:
    """The office format of a ZIP container, from the parts it holds."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                # Read only a tiny declared entry: never inflate an archive to look at it.
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype in _ODF_MIMETYPES:
                    return _ODF_MIMETYPES[mimetype]
            if "[Content_Types].xml" in names:
                for part, kind in _OOXML_PARTS.items():
                    if part in names:
                        return kind
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def _is_plain_text(upload) -> bool:
    """UTF-8 (or Windows-1252, as spreadsheets export CSV) text with no control
    characters but tabs and line breaks, and no markup at its start."""
    upload.seek(0)
    content = upload.read()
    if b"\x00" in content:
        return False
    start = content.lstrip(codecs.BOM_UTF8).lstrip().lower()
    if start.startswith(_MARKUP_STARTS):
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not any(ord(c) < 32 and c not in "\t\r\n\f" for c in text)
    return False


def detect(upload, claimed: str) -> str | None:
    """Our key for what ``upload`` contains (``None`` when it is nothing we accept)."""
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        # Office files are ZIP containers: look at the parts, which filetype only
        # guesses from the first few entries.
        return _zip_kind(upload)
    kind = filetype.guess(head)
    if kind is not None:
        return _FILETYPE_KEYS.get(kind.extension)
    if claimed in ("txt", "csv") and _is_plain_text(upload):
        return claimed
    return None


def check_upload(upload) -> DocumentType:
    """The type of an acceptable upload, or a ``ValidationError`` in French."""
    if upload.size > max_size():
        megabytes = math.ceil(upload.size * 10 / (1024 * 1024)) / 10  # rounded up: 1,1 not 1,0
        raise ValidationError(
            _("Le fichier pèse %(size)s Mo : la limite est de %(max)s Mo.")
            % {"size": number_format(megabytes, 1), "max": settings.DOCUMENT_MAX_SIZE_MB},
            code="too_big",
        )
    if upload.size == 0:
        raise ValidationError(_("Le fichier est vide."), code="empty")
    claimed = BY_EXTENSION.get(_extension(upload.name))
    if claimed is None:
        raise ValidationError(
            _("Ce type de fichier n'est pas accepté. Types acceptés : %(types)s.")
            % {"types": ACCEPTED_EXTENSIONS},
            code="extension",
        )
    actual = detect(upload, claimed.key)
    upload.seek(0)
    if actual != claimed.key:
        raise ValidationError(
            _(
                "Le contenu du fichier ne correspond pas à son extension « .%(ext)s » "
                "(%(label)s attendu) : le fichier est refusé."
            )
            % {"ext": _extension(upload.name), "label": claimed.label},
            code="disguised",
        )
    return claimed


def attachment_response(document) -> FileResponse:
    """A stored upload (``file``, ``original_name``, ``content_type``) sent as a download:
    meeting documents, practices' documents, proposals' documents. 404 when the file is
    gone from the storage."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    # Never let a browser guess the type, render the file or run anything in it.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
