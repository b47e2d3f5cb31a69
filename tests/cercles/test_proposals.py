"""A cercle decides between meetings: a member opens a proposal, members answer and may
change their answer until the closing, the animateur closes it into a decision."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from cercles.enums import AnswerValue, MeetingStatus, MemberRole, ProposalForm
from cercles.models import Decision, Meeting, Proposal, ProposalAnswer
from quartiers.models import SiteEvent
from tests import factories
from tests.cercles.utils import HTMX, page_text
from tests.conftest import client_for, paris

pytestmark = pytest.mark.django_db

NOW = paris(2026, 3, 2, 9, 0)  # a Monday


def _member(cercle, site, email, first_name, role=MemberRole.MEMBRE):
    user = factories.UserFactory(email=email, role=Role.MEMBRE)
    factories.SiteAccessFactory(site=site, user=user)
    personne = factories.PersonneFactory(first_name=first_name, user=user, sites=[site])
    factories.CercleMemberFactory(cercle=cercle, personne=personne, role=role)
    return user


@pytest.fixture
def cercle_people(site_a, member_a):
    with time_machine.travel(NOW, tick=False):
        cercle = factories.CercleFactory(site=site_a, name="Cercle emploi")
        personne = factories.PersonneFactory(first_name="Claire", user=member_a, sites=[site_a])
        factories.CercleMemberFactory(cercle=cercle, personne=personne, role=MemberRole.ANIMATEUR)
        karim = _member(cercle, site_a, "karim@exemple.fr", "Karim")
        lea = _member(cercle, site_a, "lea@exemple.fr", "Léa")
    return {"cercle": cercle, "animatrice": member_a, "karim": karim, "lea": lea}


def _open(client, cercle, **data):
    values = {
        "form": ProposalForm.CONSENTEMENT,
        "title": "Lettre aux habitants",
        "text": "Envoyer la lettre avant la fête.",
        "closes_on": "2026-03-09",
        "closes_time": "18:00",
        "options": "",
        **data,
    }
    return client.post(reverse("cercles:proposal_create", args=[cercle.pk]), values)


def _answer(user, proposal, htmx=False, **data):
    headers = HTMX if htmx else {}
    return client_for(user).post(
        reverse("cercles:proposal_answer", args=[proposal.pk]), data, headers=headers
    )


@time_machine.travel(NOW, tick=False)
def test_consent_round_from_opening_to_decision(cercle_people, observer):
    cercle = cercle_people["cercle"]
    animatrice = client_for(cercle_people["animatrice"])
    response = _open(animatrice, cercle)
    proposal = Proposal.objects.get()
    assert response["Location"] == proposal.get_absolute_url()
    assert proposal.closes_at == paris(2026, 3, 9, 18, 0)
    assert SiteEvent.objects.filter(kind="proposition_ouverte", object_id=proposal.pk).exists()

    # An objection without a reason is refused, in French, and nothing is recorded.
    response = _answer(cercle_people["karim"], proposal, htmx=True, value="objection")
    assert response.status_code == 400
    assert "donnez la raison" in page_text(response)
    assert not ProposalAnswer.objects.exists()

    response = _answer(
        cercle_people["karim"], proposal, htmx=True, value="objection", reason="Trop tôt."
    )
    assert response.status_code == 200
    assert "Votre réponse est enregistrée" in page_text(response)
    # Karim changes his mind: still one answer, the new one.
    _answer(cercle_people["karim"], proposal, value="d_accord", reason="")
    assert list(ProposalAnswer.objects.values_list("value", flat=True)) == ["d_accord"]

    # A block is shown to everyone at once, the reason with it.
    _answer(cercle_people["lea"], proposal, value="blocage", reason="Le budget n'est pas voté.")
    text = page_text(client_for(observer).get(proposal.get_absolute_url()))
    assert "bloque la proposition" in text and "Le budget n'est pas voté." in text

    # The animatrice closes it: the outcome is a decision of the register, in the journal.
    response = animatrice.post(
        reverse("cercles:proposal_close", args=[proposal.pk]),
        {"outcome": "La lettre attendra le vote du budget.", "review_on": "2026-04-15"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    decision = Decision.objects.get()
    assert (decision.cercle, decision.meeting, decision.review_on) == (
        cercle,
        None,
        datetime.date(2026, 4, 15),
    )
    assert proposal.decision == decision and proposal.is_closed
    journal = page_text(
        animatrice.get(reverse("cercles:site_journal", args=[cercle.site_id]) + "?type=decision")
    )
    assert "La lettre attendra le vote du budget." in journal

    # Closed: no more answers, nothing changes.
    response = _answer(cercle_people["lea"], proposal, value="d_accord")
    assert response.status_code == 400
    assert ProposalAnswer.objects.get(member__personne__user=cercle_people["lea"]).value == (
        "blocage"
    )


def test_no_answer_after_the_closing_date(cercle_people):
    with time_machine.travel(NOW, tick=False) as clock:
        proposal = factories.ProposalFactory(
            cercle=cercle_people["cercle"],
            form=ProposalForm.AVIS,
            closes_at=NOW + datetime.timedelta(hours=1),
        )
        assert _answer(cercle_people["karim"], proposal, value="pas_sur").status_code == 302
        clock.shift(datetime.timedelta(hours=1))
        response = _answer(cercle_people["karim"], proposal, value="d_accord")
        assert response.status_code == 400
        assert "close" in page_text(response)
    assert ProposalAnswer.objects.get().value == AnswerValue.PAS_SUR


@time_machine.travel(NOW, tick=False)
def test_only_members_answer_and_only_the_animateur_closes(cercle_people, member_a, observer):
    proposal = factories.ProposalFactory(cercle=cercle_people["cercle"])
    # The observer sees the site, but is no member of the cercle.
    assert _answer(observer, proposal, value="d_accord").status_code == 403
    karim = client_for(cercle_people["karim"])
    assert karim.get(reverse("cercles:proposal_close", args=[proposal.pk])).status_code == 403
    assert not ProposalAnswer.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_animateur_can_keep_opening_to_animateurs(cercle_people):
    cercle = cercle_people["cercle"]
    cercle.proposals_animateurs_only = True
    cercle.save()
    assert _open(client_for(cercle_people["karim"]), cercle).status_code == 403
    assert _open(client_for(cercle_people["animatrice"]), cercle).status_code == 302


@time_machine.travel(NOW, tick=False)
def test_a_date_poll_closes_into_the_meeting_at_the_best_date(cercle_people):
    cercle = cercle_people["cercle"]
    animatrice = client_for(cercle_people["animatrice"])
    _open(
        animatrice,
        cercle,
        form=ProposalForm.DATE,
        title="Prochaine réunion",
        options="17/03/2026 18:00\n19/03/2026 18:30",
    )
    proposal = Proposal.objects.get()
    first, second = proposal.options.order_by("position")
    _answer(
        cercle_people["karim"],
        proposal,
        **{f"option_{first.pk}": "si_besoin", f"option_{second.pk}": "oui"},
    )
    _answer(
        cercle_people["lea"],
        proposal,
        **{f"option_{first.pk}": "oui", f"option_{second.pk}": "oui"},
    )
    animatrice.post(
        reverse("cercles:proposal_close", args=[proposal.pk]),
        {"outcome": "Le jeudi 19 mars.", "create_meeting": "on"},
    )
    meeting = Meeting.objects.get(cercle=cercle)
    assert meeting.starts_at == paris(2026, 3, 19, 18, 30)
    assert meeting.status == MeetingStatus.PREVUE
    proposal.refresh_from_db()
    assert proposal.meeting == meeting


@time_machine.travel(NOW, tick=False)
def test_volunteers_up_to_the_number_sought(cercle_people):
    proposal = factories.ProposalFactory(
        cercle=cercle_people["cercle"], form=ProposalForm.VOLONTAIRES, max_volunteers=1
    )
    assert _answer(cercle_people["karim"], proposal, volunteer="on").status_code == 302
    response = _answer(cercle_people["lea"], proposal, volunteer="on")
    assert response.status_code == 400
    assert "déjà inscrits" in page_text(response)
    assert ProposalAnswer.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_an_anonymous_choice_and_hidden_results(cercle_people, observer):
    proposal = factories.ProposalFactory(
        cercle=cercle_people["cercle"],
        form=ProposalForm.CHOIX,
        anonymous=True,
        hide_results=True,
        title="Lieu de la fête",
    )
    square = factories.ProposalOptionFactory(proposal=proposal, label="Square Lénine")
    factories.ProposalOptionFactory(proposal=proposal, label="Gymnase")
    _answer(cercle_people["karim"], proposal, chosen=str(square.pk))
    text = page_text(client_for(observer).get(proposal.get_absolute_url()))
    assert "Les résultats seront montrés à la clôture." in text
    assert "Karim" not in text
    proposal.status = "close"
    proposal.closed_at = timezone.now()
    proposal.save()
    text = page_text(client_for(observer).get(proposal.get_absolute_url()))
    assert "Les réponses sont anonymes." in text and "Karim" not in text
