"""The site journal: the site's events (quartiers.events), paginated by the database."""

import datetime
import itertools

import pytest
import time_machine
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cercles.enums import CommitmentStatus, MeetingStatus
from cercles.journal import journal_queryset
from quartiers.enums import SiteStatus, StructureKind, TrinomeSeat
from quartiers.events import sync_due
from tests import factories
from tests.conftest import client_for
from tests.htmx import assert_fragment_matches_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(
        datetime.datetime(2025, 6, 15, 10, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield


KINDS = ["reunion", "decision", "engagement_tenu", "engagement_en_retard", "statut", "trinome"]


def fill(site, size: int, start: datetime.date):
    """``size`` records of every kind of the journal, one day apart from ``start``."""
    cercle = factories.CercleFactory(site=site)
    owner = factories.PersonneFactory(first_name="Inès", last_name="Garcia")
    for index in range(size):
        day = start + datetime.timedelta(days=index)
        meeting = factories.MeetingFactory(
            cercle=cercle,
            starts_at=factories.paris(day.year, day.month, day.day, 18),
            ends_at=factories.paris(day.year, day.month, day.day, 20),
            status=MeetingStatus.TENUE,
        )
        factories.DecisionFactory(meeting=meeting, text=f"Décision du {day:%d/%m}")
        factories.CommitmentFactory(
            meeting=meeting,
            owner=owner,
            text=f"Tenu du {day:%d/%m}",
            due_on=day,
            status=CommitmentStatus.FAIT,
            done_on=day + datetime.timedelta(days=1),
        )
        factories.CommitmentFactory(
            meeting=meeting, owner=owner, text=f"En retard du {day:%d/%m}", due_on=day
        )
        factories.CommitmentFactory(  # still to do, not due yet: not in the journal
            meeting=meeting, owner=owner, due_on=datetime.date(2026, 1, 1)
        )
        factories.SiteStatusChangeFactory(site=site, status=SiteStatus.CANDIDAT, date=day)
        factories.TrinomeMandateFactory(
            site=site,
            seat=TrinomeSeat.ETAT,
            structure=factories.StructureFactory(kind=StructureKind.ETAT),
            start_date=day,
            end_date=day,
        )
    return cercle


def rows(response):
    """(kind, date, label, event pk) of each line shown."""
    events = response.context["page_obj"].object_list
    return [
        (e.kind, e.on, e.label, event.pk)
        for e, event in zip(response.context["entries"], events, strict=True)
    ]


# Per day of ``fill``: meeting, decision, commitment kept, two commitments late (the one
# kept the day after its due date was late that day), status, mandate start and end.
PER_DAY = 8


def test_the_journal_tells_what_happened_newest_first(site_a, member_a, site_b):
    fill(site_a, 2, datetime.date(2025, 3, 1))
    fill(site_b, 1, datetime.date(2025, 3, 1))  # another site's story stays there
    response = client_for(member_a).get(reverse("cercles:site_journal", args=[site_a.pk]))
    found = rows(response)
    assert [row[1] for row in found] == sorted((row[1] for row in found), reverse=True)
    assert {row[0] for row in found} == set(KINDS)
    # site A: 2 days of events + the status change of the factory's site creation.
    assert response.context["page_obj"].paginator.count == 2 * PER_DAY + 1
    text = response.content.decode()
    assert "Décision du 02/03" in text and "Tenu du 01/03" in text
    # Due on 2 March, still to do: late from the 3rd.
    assert "<strong>03/03/2025</strong>" in text and "Échéance dépassée" in text
    assert "en retard de 105 jours" in text  # and still to do on 15 June
    assert "Fin de mandat au trinôme" in text and "siège « État »" in text
    assert "candidat" in text


def test_the_journal_filters_by_kind_with_a_bookmarkable_address(site_a, member_a):
    fill(site_a, 2, datetime.date(2025, 3, 1))
    url = reverse("cercles:site_journal", args=[site_a.pk])
    response = client_for(member_a).get(f"{url}?type=decision&type=engagement_en_retard")
    assert {row[0] for row in rows(response)} == {"decision", "engagement_en_retard"}
    assert response.context["page_obj"].paginator.count == 2 * 3
    checked = response.context["form"]["type"].value()
    assert checked == ["decision", "engagement_en_retard"]
    bad = client_for(member_a).get(f"{url}?type=inconnu")
    assert bad.status_code == 200 and bad.context["page_obj"].paginator.count == 2 * PER_DAY + 1


def test_pagination_is_correct_across_kinds(site_a, member_a):
    fill(site_a, 12, datetime.date(2025, 1, 1))  # 12 × 8 + 1 = 97 rows: 4 pages of 30
    client = client_for(member_a)
    url = reverse("cercles:site_journal", args=[site_a.pk])
    pages = [rows(client.get(url, {"page": number})) for number in (1, 2, 3, 4)]
    assert [len(page) for page in pages] == [30, 30, 30, 7]
    everything = [row[3] for row in itertools.chain(*pages)]
    assert len(set(everything)) == 97, "no row twice, none lost between pages"
    dates = [row[1] for row in itertools.chain(*pages)]
    assert dates == sorted(dates, reverse=True)
    assert everything == [event.pk for event in journal_queryset(site_a.pk)]
    filtered = client.get(url, {"type": ["reunion", "decision", "statut"]})
    assert filtered.context["page_obj"].paginator.count == 12 + 12 + 13
    html = filtered.content.decode()  # page links keep the filter
    assert "?type=reunion&amp;type=decision&amp;type=statut&amp;page=2" in html


def test_the_journal_costs_the_same_queries_whatever_the_data(site_a, member_a):
    client = client_for(member_a)
    url = reverse("cercles:site_journal", args=[site_a.pk])
    fill(site_a, 1, datetime.date(2025, 1, 1))
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"page": 1})
    fill(site_a, 10, datetime.date(2025, 2, 1))
    with CaptureQueriesContext(connection) as large:
        client.get(url, {"page": 2})
    assert len(small) == len(large) <= 6  # session, user, site, the count and the page


@pytest.mark.parametrize(
    ("asked", "shown"), [("2", 2), ("4", 4), ("5", 4), ("99", 4), ("0", 4), ("-1", 4), ("x", 1)]
)
def test_any_page_number_gives_the_page_djangos_paginator_gives(site_a, member_a, asked, shown):
    fill(site_a, 12, datetime.date(2025, 1, 1))  # 97 rows: 4 pages of 30
    url = reverse("cercles:site_journal", args=[site_a.pk])

    page = client_for(member_a).get(url, {"page": asked}).context["page_obj"]

    expected = Paginator(journal_queryset(site_a.pk), 30).get_page(asked)
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (shown, 97, 4)
    assert list(page.object_list) == list(expected.object_list)


def test_an_empty_journal_has_one_empty_page(site_b, member_b):
    url = reverse("cercles:site_journal", args=[site_b.pk])
    response = client_for(member_b).get(url, {"type": "vision"})  # site B has no vision

    page = response.context["page_obj"]
    assert (page.number, page.paginator.count, len(page.object_list)) == (1, 0, 0)


def test_the_journal_fragment_is_the_page_results(site_a, member_a):
    fill(site_a, 1, datetime.date(2025, 3, 1))
    url = reverse("cercles:site_journal", args=[site_a.pk]) + "?type=reunion"
    swapped = assert_fragment_matches_page(client_for(member_a), url)
    assert "Réunion tenue" in swapped.text


def test_a_commitment_becomes_late_in_the_journal_the_day_after_its_due_date(site_a, member_a):
    """Time alone makes it late: the daily job (quartiers.events_due) writes the event."""
    commitment = factories.CommitmentFactory(
        meeting__cercle__site=site_a, text="Appeler le bailleur", due_on=datetime.date(2025, 6, 20)
    )
    url = reverse("cercles:site_journal", args=[site_a.pk])
    late = {"type": "engagement_en_retard"}
    assert client_for(member_a).get(url, late).context["page_obj"].paginator.count == 0
    with time_machine.travel(datetime.datetime(2025, 6, 25, 10, 0, tzinfo=datetime.UTC)):
        sync_due()
        response = client_for(member_a).get(url, late)
    assert rows(response)[0][:3] == (
        "engagement_en_retard",
        datetime.date(2025, 6, 21),
        "Appeler le bailleur",
    )
    assert response.context["entries"][0].url == commitment.meeting.get_absolute_url()
