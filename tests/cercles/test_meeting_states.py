"""A meeting's page shows what fits its state: before it begins, who comes and what to
prepare; once begun, attendance, minutes, decisions and commitments; cancelled, a notice
and nothing to record."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from cercles.enums import MeetingStatus
from tests import factories
from tests.conftest import client_for, paris

pytestmark = pytest.mark.django_db

MEETING_AT = paris(2026, 1, 8, 18, 0)  # Thursday; T0 is Monday 5 January
FORMS = ["attendance_record", "minutes_edit", "decision_add", "commitment_add"]


@pytest.fixture
def meeting(clock, site_a):
    return factories.MeetingFactory(
        cercle__site=site_a,
        starts_at=MEETING_AT,
        ends_at=MEETING_AT + datetime.timedelta(hours=2),
        status=MeetingStatus.PREVUE,
    )


def _page(user, meeting):
    response = client_for(user).get(reverse("cercles:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _form_actions(html, meeting):
    return [name for name in FORMS if reverse(f"cercles:{name}", args=[meeting.pk]) in html]


def test_before_it_begins_nothing_is_offered_for_recording(meeting, member_a):
    html = _page(member_a, meeting)
    assert _form_actions(html, meeting) == []
    assert "Pendant et après la réunion" in html
    text = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    assert "dès le début de la réunion, jeudi 8 janvier à 18h00." in text
    assert 'id="presences"' not in html
    # Documents can be prepared ahead (an agenda, a note).
    assert reverse("cercles:document_upload", args=[meeting.pk]) in html


def test_once_it_has_begun_everything_can_be_recorded(clock, meeting, member_a):
    clock.move_to(MEETING_AT + datetime.timedelta(minutes=5))
    html = _page(member_a, meeting)
    assert _form_actions(html, meeting) == FORMS
    assert "Pendant et après la réunion" not in html


def test_a_held_meeting_keeps_its_forms_for_corrections(meeting, member_a):
    meeting.status = MeetingStatus.TENUE
    meeting.save()
    assert _form_actions(_page(member_a, meeting), meeting) == FORMS


def test_a_cancelled_meeting_says_so_and_offers_nothing_to_record(meeting, member_a):
    meeting.status = MeetingStatus.ANNULEE
    meeting.save()
    html = _page(member_a, meeting)
    assert "Cette réunion a été annulée" in html
    assert _form_actions(html, meeting) == []


def test_an_observer_sees_no_form_whatever_the_state(clock, meeting, observer):
    clock.move_to(MEETING_AT + datetime.timedelta(minutes=5))
    assert _form_actions(_page(observer, meeting), meeting) == []
