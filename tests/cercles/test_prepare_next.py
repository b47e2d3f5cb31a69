"""« Préparer la suivante » from an old meeting: the first free slot after the cercle's
last planned meeting, never one already taken, and it says a meeting is planned."""

import pytest
import time_machine
from django.urls import reverse

from cercles.enums import MeetingStatus
from cercles.services import next_meeting_proposal
from tests import factories
from tests.cercles.utils import page_text
from tests.conftest import client_for, paris

pytestmark = pytest.mark.django_db

NOW = paris(2026, 3, 2, 9, 0)


@time_machine.travel(NOW, tick=False)
def test_from_an_old_meeting_it_proposes_the_slot_after_the_last_planned_one(site_a, member_a):
    cercle = factories.CercleFactory(site=site_a)
    old = factories.MeetingFactory(
        cercle=cercle,
        starts_at=paris(2026, 1, 13, 18),  # 2nd Tuesday of January
        status=MeetingStatus.TENUE,
    )
    factories.MeetingFactory(cercle=cercle, starts_at=paris(2026, 2, 10, 18), status="tenue")
    planned = factories.MeetingFactory(cercle=cercle, starts_at=paris(2026, 3, 10, 18))
    # Someone already took the slot after it (2nd Tuesday of April), at another hour.
    factories.MeetingFactory(cercle=cercle, starts_at=paris(2026, 4, 14, 9))
    # A cancelled one does not take its slot.
    factories.MeetingFactory(
        cercle=cercle, starts_at=paris(2026, 5, 12, 18), status=MeetingStatus.ANNULEE
    )

    proposal = next_meeting_proposal(old)
    # The last planned is 14 April: its next month, 2nd Tuesday of May (free: cancelled).
    assert proposal.starts_at == paris(2026, 5, 12, 9)
    assert proposal.already_planned is not None

    response = client_for(member_a).get(reverse("cercles:meeting_prepare_next", args=[old.pk]))
    text = page_text(response)
    assert "est déjà prévue le mardi 14 avril 2026" in text
    assert 'value="2026-05-12"' in response.content.decode()
    assert planned.pk  # untouched


@time_machine.travel(NOW, tick=False)
def test_never_a_slot_already_taken_nor_in_the_past(site_a):
    cercle = factories.CercleFactory(site=site_a)
    old = factories.MeetingFactory(
        cercle=cercle, starts_at=paris(2025, 10, 14, 18), status=MeetingStatus.TENUE
    )
    # Nothing after it: a month later is past; the first free 2nd Tuesday from now on.
    assert next_meeting_proposal(old).starts_at == paris(2026, 3, 10, 18)
    assert next_meeting_proposal(old).already_planned is None
    factories.MeetingFactory(
        cercle=cercle, starts_at=paris(2026, 3, 10, 18), status=MeetingStatus.PREVUE
    )
    assert next_meeting_proposal(old).starts_at == paris(2026, 4, 14, 18)
