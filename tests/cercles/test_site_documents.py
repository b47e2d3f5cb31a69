"""The « Documents » section of a site's workspace: every document of the site's meetings,
of one cercle or of all, and nothing of another site."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.conftest import client_for
from tests.htmx import assert_fragment_matches_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(site_a, site_b, member_a):
    education = factories.CercleFactory(site=site_a, name="Cercle éducation")
    emploi = factories.CercleFactory(site=site_a, name="Cercle emploi")
    return {
        "education": factories.MeetingDocumentFactory(
            meeting__cercle=education,
            original_name="compte-rendu-mars.pdf",
            size=2048,
            uploaded_by=member_a,
        ),
        "emploi": factories.MeetingDocumentFactory(
            meeting__cercle=emploi, original_name="ordre-du-jour.pdf"
        ),
        "other_site": factories.MeetingDocumentFactory(
            meeting__cercle__site=site_b, original_name="document-du-site-b.pdf"
        ),
        "cercles": {"education": education, "emploi": emploi},
    }


def _rows(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in page.select("#resultats tbody tr")
    ]


def test_the_page_lists_only_the_site_s_documents_with_a_protected_link(
    site_a, observer, documents
):
    url = reverse("cercles:site_documents", args=[site_a.pk])
    response = client_for(observer).get(url)
    html = response.content.decode()
    rows = _rows(response)
    assert sorted(row[0].split(" (")[0] for row in rows) == [
        "compte-rendu-mars.pdf",
        "ordre-du-jour.pdf",
    ]
    assert "document-du-site-b.pdf" not in html
    education = documents["education"]
    assert reverse("cercles:document_download", args=[education.pk]) in html
    row = next(row for row in rows if row[0].startswith("compte-rendu-mars.pdf"))
    assert row[1] == "Cercle éducation"
    assert row[2] == timezone.localtime(education.meeting.starts_at).strftime("%d/%m/%Y")
    assert row[3].startswith("2,0")  # 2 048 bytes, as the meeting page says it
    assert str(education.uploaded_by) in row[4]
    # The link downloads, for whoever reads the site.
    download = client_for(observer).get(education.get_absolute_url())
    assert download.status_code == 200


def test_the_list_filters_by_cercle_and_swaps_its_results(site_a, member_a, documents):
    url = reverse("cercles:site_documents", args=[site_a.pk])
    cercle = documents["cercles"]["emploi"]
    client = client_for(member_a)
    rows = _rows(client.get(url, {"cercle": cercle.pk}))
    assert [row[0].split(" (")[0] for row in rows] == ["ordre-du-jour.pdf"]
    swapped = assert_fragment_matches_page(client, f"{url}?cercle={cercle.pk}").get_text()
    assert "ordre-du-jour.pdf" in swapped and "compte-rendu-mars.pdf" not in swapped
    # A cercle of another site is no choice: the whole list.
    other = factories.CercleFactory()
    assert len(_rows(client.get(url, {"cercle": other.pk}))) == 2


def test_a_member_of_another_site_gets_404(site_a, member_b, documents):
    url = reverse("cercles:site_documents", args=[site_a.pk])
    assert client_for(member_b).get(url).status_code == 404


def test_the_list_is_paginated(site_a, member_a):
    meeting = factories.MeetingFactory(cercle__site=site_a)
    factories.MeetingDocumentFactory.create_batch(31, meeting=meeting)
    url = reverse("cercles:site_documents", args=[site_a.pk])
    assert len(_rows(client_for(member_a).get(url))) == 30
    assert len(_rows(client_for(member_a).get(url, {"page": 2}))) == 1
