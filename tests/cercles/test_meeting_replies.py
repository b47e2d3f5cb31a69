"""Before a meeting members say whether they will come (page or e-mail link); the
animateur sees expected attendance; after it, the page sums up what happened."""

import datetime
import re

import pytest
from django.core import signing
from django.urls import reverse

from cercles.answer_links import REPLY_SALT, make_reply_token
from cercles.enums import AttendanceStatus, MeetingStatus, MemberRole, ReplyAnswer
from cercles.models import MeetingReply
from notifications.services import reminders_sweep
from tests import factories
from tests.cercles.utils import page_text
from tests.conftest import client_for, paris
from tests.notifications.conftest import mails

pytestmark = pytest.mark.django_db

MEETING_AT = paris(2026, 1, 8, 18, 0)  # Thursday; T0 is Monday 5 January


@pytest.fixture
def world(clock, site_a, member_a):
    cercle = factories.CercleFactory(site=site_a)
    me = factories.CercleMemberFactory(
        cercle=cercle,
        personne=factories.PersonneFactory(user=member_a, email="membre-a@exemple.fr"),
        role=MemberRole.ANIMATEUR,
    )
    paul = factories.CercleMemberFactory(
        cercle=cercle, personne=factories.PersonneFactory(email="paul@exemple.fr")
    )
    meeting = factories.MeetingFactory(
        cercle=cercle, starts_at=MEETING_AT, ends_at=MEETING_AT + datetime.timedelta(hours=2)
    )
    return {"cercle": cercle, "me": me, "paul": paul, "meeting": meeting}


def test_a_member_replies_on_the_page_and_the_animateur_sees_who_comes(world, member_a):
    client = client_for(member_a)
    url = reverse("cercles:meeting_reply", args=[world["meeting"].pk])
    client.post(url, {"answer": ReplyAnswer.VIENDRA})
    client.post(url, {"answer": ReplyAnswer.PEUT_ETRE})  # changes it
    assert list(MeetingReply.objects.values_list("answer", flat=True)) == ["peut_etre"]
    text = page_text(client.get(world["meeting"].get_absolute_url()))
    assert "peut-être : 1" in text and "sans réponse : 1" in text
    # Not a member: refused.
    other = factories.UserFactory()
    factories.SiteAccessFactory(site=world["cercle"].site, user=other)
    assert client_for(other).post(url, {"answer": "viendra"}).status_code == 403


def test_reply_from_the_reminder_email_and_not_after_the_start(clock, world):
    clock.move_to(paris(2026, 1, 6, 8, 5))
    reminders_sweep()
    message = next(m for m in mails("reunion_prochaine") if m.to == ["paul@exemple.fr"])
    links = dict(re.findall(r"- (.+?) : \S+?(/reunions/reponse/\S+/)", message.body))
    client = client_for(None)
    assert client.get(links["ne viendra pas"]).status_code == 200
    assert not MeetingReply.objects.exists()  # a GET changes nothing
    assert client.post(links["ne viendra pas"]).status_code == 200
    reply = MeetingReply.objects.get()
    assert (reply.member, reply.answer) == (world["paul"], ReplyAnswer.NE_VIENDRA_PAS)
    # Forged: nothing.
    forged = signing.dumps({"m": world["paul"].pk, "r": world["meeting"].pk, "a": "viendra"})
    response = client.post(reverse("cercles:meeting_reply_link", args=[forged]))
    assert response.status_code == 400
    # Started: nothing.
    token = make_reply_token(member=world["paul"], meeting=world["meeting"], answer="viendra")
    clock.move_to(MEETING_AT)
    response = client.post(reverse("cercles:meeting_reply_link", args=[token]))
    assert response.status_code == 400 and "a commencé" in page_text(response)
    assert MeetingReply.objects.get().answer == ReplyAnswer.NE_VIENDRA_PAS
    assert REPLY_SALT  # its own salt


def test_after_the_meeting_the_page_sums_it_up(world, member_a):
    meeting = world["meeting"]
    meeting.status = MeetingStatus.TENUE
    meeting.save()
    factories.AttendanceFactory(
        meeting=meeting, member=world["me"], status=AttendanceStatus.PRESENT
    )
    factories.AttendanceFactory(
        meeting=meeting, member=world["paul"], status=AttendanceStatus.EXCUSE
    )
    factories.DecisionFactory(meeting=meeting)
    factories.CommitmentFactory(meeting=meeting, owner=world["paul"].personne)
    text = page_text(client_for(member_a).get(meeting.get_absolute_url()))
    assert "Présents : 1 sur 2 membres." in text
    assert str(world["me"].personne.structure) in text
    assert "1 décision prise." in text and "1 engagement pris." in text
