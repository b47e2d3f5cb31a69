"""Proposals by e-mail: « nouvelle proposition » to every member, « clôture dans 24 h »
to those who have not answered, never twice; one-click answers through signed links
that a forger, a second click or time cannot abuse."""

import datetime
import re

import pytest
from django.core import signing
from django.urls import reverse

from cercles import answer_links
from cercles.enums import AnswerValue, MemberRole, ProposalForm
from cercles.models import ProposalAnswer
from notifications import registry
from notifications.enums import ReminderStatus
from notifications.models import NotificationPreference, Reminder
from notifications.registry import SweepContext
from notifications.services import plan_kind, reminders_create, reminders_sweep
from tests import factories
from tests.cercles.utils import page_text
from tests.conftest import client_for
from tests.notifications.conftest import addressees, mails, paris

pytestmark = pytest.mark.django_db

CLOSES_AT = paris(2026, 1, 9, 18, 0)  # Friday; opened on Monday T0


def member(cercle, email, role=MemberRole.MEMBRE, user=None):
    personne = factories.PersonneFactory(email=email, user=user)
    return factories.CercleMemberFactory(cercle=cercle, personne=personne, role=role)


@pytest.fixture
def world(clock, site_a, site_b, member_a):
    cercle = factories.CercleFactory(site=site_a, name="Cercle emploi")
    anim = member(cercle, "membre-a@exemple.fr", MemberRole.ANIMATEUR, user=member_a)
    paul = member(cercle, "paul@exemple.fr")
    lina = member(cercle, "lina@exemple.fr")
    other = factories.CercleFactory(site=site_b)
    member(other, "ailleurs@exemple.fr")
    proposal = factories.ProposalFactory(
        cercle=cercle, form=ProposalForm.CONSENTEMENT, title="Lettre", closes_at=CLOSES_AT
    )
    return {"cercle": cercle, "anim": anim, "paul": paul, "lina": lina, "proposal": proposal}


def _links(message) -> dict[str, str]:
    """One-click links of an e-mail's text, by answer, as paths of this site."""
    found = re.findall(r"- (.+?) : (\S+/propositions/reponse/\S+/)", message.body)
    return {label: url[url.index("/propositions/") :] for label, url in found}


def test_a_new_proposal_reaches_every_member_once(clock, world):
    clock.move_to(paris(2026, 1, 5, 10, 5))
    reminders_sweep()
    assert addressees("proposition_nouvelle") == [
        "lina@exemple.fr",
        "membre-a@exemple.fr",
        "paul@exemple.fr",
    ]
    clock.shift(datetime.timedelta(hours=1))
    reminders_sweep()
    assert len(mails("proposition_nouvelle")) == 3  # never twice


def test_one_click_answer_from_the_email_then_the_link_is_spent(clock, world):
    clock.move_to(paris(2026, 1, 5, 10, 5))
    reminders_sweep()
    message = next(m for m in mails("proposition_nouvelle") if m.to == ["paul@exemple.fr"])
    links = _links(message)
    agree = links["d'accord"]
    client = client_for(None)  # no login needed: the signature authorises
    assert "Répondre « d'accord »" in page_text(client.get(agree))
    assert not ProposalAnswer.objects.exists()  # a GET (a mail scanner) changes nothing
    response = client.post(agree)
    assert response.status_code == 200
    answer = ProposalAnswer.objects.get()
    assert (answer.member, answer.value) == (world["paul"], AnswerValue.D_ACCORD)
    # Used: the same link, or the other one of the same e-mail, changes nothing.
    response = client.post(links["abstention"])
    assert response.status_code == 400
    assert "déjà servi" in page_text(response)
    assert ProposalAnswer.objects.get().value == AnswerValue.D_ACCORD


def test_forged_altered_and_expired_links_change_nothing(clock, world):
    proposal, paul = world["proposal"], world["paul"]
    client = client_for(None)
    forged = signing.dumps(
        {"m": paul.pk, "p": proposal.pk, "v": "d_accord", "s": "-"}, salt="autre-chose"
    )
    response = client.post(reverse("cercles:proposal_answer_link", args=[forged]))
    assert response.status_code == 400 and "n'est pas valide" in page_text(response)
    token = answer_links.make_token(member=paul, proposal=proposal, value="d_accord")
    altered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.post(reverse("cercles:proposal_answer_link", args=[altered]))
    assert response.status_code == 400
    # An objection needs a reason: no link can carry one, even signed.
    objection = signing.dumps(
        {"m": paul.pk, "p": proposal.pk, "v": "objection", "s": "-"},
        salt=answer_links.SALT,
        compress=True,
    )
    assert client.post(reverse("cercles:proposal_answer_link", args=[objection])).status_code == 400
    clock.shift(answer_links.MAX_AGE + datetime.timedelta(minutes=1))
    response = client.post(reverse("cercles:proposal_answer_link", args=[token]))
    assert response.status_code == 400 and "a expiré" in page_text(response)
    assert not ProposalAnswer.objects.exists()


def test_no_answer_by_link_after_the_closing(clock, world):
    token = answer_links.make_token(
        member=world["paul"], proposal=world["proposal"], value="d_accord"
    )
    clock.move_to(CLOSES_AT)
    response = client_for(None).post(reverse("cercles:proposal_answer_link", args=[token]))
    assert response.status_code == 400 and "est close" in page_text(response)
    assert not ProposalAnswer.objects.exists()


def test_closing_in_24_hours_to_those_who_have_not_answered_once(clock, world):
    factories.ProposalAnswerFactory(proposal=world["proposal"], member=world["lina"])
    clock.move_to(CLOSES_AT - datetime.timedelta(hours=25))
    reminders_sweep()
    assert mails("proposition_cloture") == []  # not yet
    clock.move_to(CLOSES_AT - datetime.timedelta(hours=23))
    reminders_sweep()
    # Lina answered: not her; nobody of the other cercle.
    assert addressees("proposition_cloture") == ["membre-a@exemple.fr", "paul@exemple.fr"]
    clock.shift(datetime.timedelta(hours=2))
    reminders_sweep()
    assert len(mails("proposition_cloture")) == 2  # never twice


def test_closing_reminder_cancelled_when_answered_meanwhile_or_turned_off(clock, world, member_a):
    NotificationPreference.objects.create(user=member_a, kind="proposition_cloture", enabled=False)
    # Planned while Paul had not answered, sent after he did: cancelled.
    clock.move_to(CLOSES_AT - datetime.timedelta(hours=23))
    ctx = SweepContext.build(None)
    reminders_create(plan_kind(registry.get_kind("proposition_cloture"), ctx), ctx)
    factories.ProposalAnswerFactory(proposal=world["proposal"], member=world["paul"])
    reminders_sweep()
    assert addressees("proposition_cloture") == ["lina@exemple.fr"]
    assert not Reminder.objects.filter(kind="proposition_cloture", user=member_a).exists()
    paul = Reminder.objects.get(kind="proposition_cloture", email="paul@exemple.fr")
    assert paul.status == ReminderStatus.CANCELLED
