"""Overdue commitments: « à faire » and due before today, in Europe/Paris, written out
(« en retard de N jours ») wherever they appear."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from cercles.enums import CommitmentStatus
from cercles.models import Commitment
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

DUE = datetime.date(2025, 4, 30)


def at(year, month, day, hour, minute=0):
    """A moment given in Paris time (UTC+2 in spring)."""
    return factories.paris(year, month, day, hour, minute)


def late_badges(client, url) -> list[str]:
    page = BeautifulSoup(client.get(url).content, "html.parser")
    return [b.text.strip() for b in page.select(".fr-badge--error")]


@pytest.mark.parametrize(
    ("moment", "days"),
    [
        (at(2025, 4, 29, 12), 0),
        (at(2025, 4, 30, 23, 59), 0),  # the due day itself is not late
        (at(2025, 5, 1, 0, 1), 1),  # 22:01 UTC on 30 April: already 1 May in Paris
        (at(2025, 5, 10, 9), 10),
    ],
)
def test_lateness_counts_days_after_the_due_date_in_paris(cercle_world, moment, days):
    commitment = cercle_world["commitment"]
    assert commitment.due_on == DUE
    with time_machine.travel(moment, tick=False):
        assert commitment.days_late == days
        assert commitment.is_overdue is (days > 0)
        assert list(Commitment.objects.overdue()) == ([commitment] if days else [])


def test_an_overdue_commitment_stands_out_on_every_page_where_it_appears(cercle_world, member_a):
    cercle, meeting = cercle_world["cercle"], cercle_world["meeting"]
    with time_machine.travel(at(2025, 5, 3, 10), tick=False):
        client = client_for(member_a)
        expected = "en retard de 3 jours"
        assert expected in late_badges(client, cercle.get_absolute_url())
        assert expected in late_badges(client, meeting.get_absolute_url())
        assert expected in late_badges(client, reverse("cercles:my_commitments"))
        assert expected in late_badges(
            client, reverse("cercles:site_journal", args=[cercle.site.pk])
        )
        listing = BeautifulSoup(
            client.get(reverse("cercles:cercle_list", args=[cercle.site.pk])).content, "html.parser"
        )
        assert "1 engagement en retard" in listing.select_one(".fr-badge--error").text


def test_one_day_is_singular_and_a_done_commitment_is_never_late(cercle_world, member_a):
    commitment = cercle_world["commitment"]
    with time_machine.travel(at(2025, 5, 1, 10), tick=False):
        client = client_for(member_a)
        assert "en retard de 1 jour" in late_badges(client, commitment.meeting.get_absolute_url())
        client.post(
            reverse("cercles:commitment_status", args=[commitment.pk, CommitmentStatus.FAIT])
        )
        commitment.refresh_from_db()
        assert commitment.done_on == datetime.date(2025, 5, 1)
        assert late_badges(client, commitment.meeting.get_absolute_url()) == []
        assert commitment.days_late == 0


def test_overdue_commitments_come_first_in_mes_engagements(cercle_world, member_a):
    meeting, claire = cercle_world["meeting"], cercle_world["animatrice"]
    soon = factories.CommitmentFactory(
        meeting=meeting, owner=claire, text="Bientôt", due_on=datetime.date(2025, 5, 20)
    )
    older = factories.CommitmentFactory(
        meeting=meeting, owner=claire, text="Très en retard", due_on=datetime.date(2025, 4, 2)
    )
    with time_machine.travel(at(2025, 5, 3, 10), tick=False):
        response = client_for(member_a).get(reverse("cercles:my_commitments"))
    assert [c.text for c in response.context["commitments"]] == [
        older.text,
        cercle_world["commitment"].text,
        soon.text,
    ]
