"""The appel à vision: a call opened by the site, a carrier submitting through its link
without an account (address confirmed by e-mail, edits until closing, nothing after),
reviewers scoring side by side, the trinôme deciding, and a retained proposal becoming
a funded action of the plan."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from financements import services
from financements.enums import ProposalStatus
from financements.models import Call, FundingLine, Proposal
from quartiers.models import SiteEvent
from tests import factories
from tests.conftest import client_for
from tests.visions.helpers import page_text

pytestmark = pytest.mark.django_db


def at(day):
    return time_machine.travel(datetime.datetime(2026, *day, 10), tick=False)


@pytest.fixture
def call(site_a):
    vision = factories.VisionFactory(site=site_a)
    objective = factories.ObjectiveFactory(vision=vision, title="Réussite éducative")
    cercle = factories.CercleFactory(site=site_a, name="Cercle éducation")
    call = factories.CallFactory(
        site=site_a, title="Appel 2026", objectives=[objective], reviewer_cercles=[cercle]
    )
    factories.CallEnvelopeFactory(call=call, amount=Decimal("40000"))
    factories.CriterionFactory(call=call, label="Contribution à l'objectif")
    factories.CriterionFactory(call=call, label="Coopération entre partenaires")
    return call


def _carrier_data(call, **extra):
    envelope = call.envelopes.get()
    return {
        "title": "Ateliers parents-enfants",
        "summary": "Des ateliers du soir au centre social.",
        "lead_name": "Centre social des Tilleuls (fictif)",
        "lead_siret": "73282932000074",
        "lead_rna": "",
        "partners": "Médiathèque (fictive)\nClub de foot (fictif)",
        "objectives": [call.objectives.get().pk],
        "contact_name": "Awa Diallo",
        "contact_email": "awa@exemple.fr",
        f"budget_{envelope.pk}": "12 500",
    } | extra


def test_a_carrier_submits_confirms_and_edits_until_closing(
    call, django_capture_on_commit_callbacks
):
    link = reverse("financements:carrier_submit", args=[services.call_link_token(call)])
    anonymous = client_for(None)
    with at((1, 20)), django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(link, _carrier_data(call))
    assert response.status_code == 200
    assert "confirmez votre adresse" in page_text(response)
    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.A_CONFIRMER
    assert not Proposal.objects.counted().exists()
    assert proposal.budget.get().amount == Decimal("12500.00")
    [message] = mail.outbox
    carrier_url = re.search(r"https?://\S+", message.body).group(0)
    path = carrier_url.split("testserver", 1)[1]
    with at((1, 21)):
        anonymous.get(path)  # following the link confirms nothing
        assert Proposal.objects.get().status == ProposalStatus.A_CONFIRMER
        anonymous.post(path, {"confirmer": "1"})
        assert Proposal.objects.counted().count() == 1
        edited = anonymous.post(path, _carrier_data(call, title="Ateliers du soir", modifier="1"))
        assert edited.status_code == 302
    assert Proposal.objects.get().title == "Ateliers du soir"
    with at((2, 16)):
        late = anonymous.post(path, _carrier_data(call, title="Trop tard", modifier="1"))
        assert "ne peut plus être modifiée" in page_text(late)
        refused = anonymous.post(link, _carrier_data(call, title="Après la clôture"))
        assert "ne reçoit pas de propositions" in page_text(refused)
    assert list(Proposal.objects.values_list("title", flat=True)) == ["Ateliers du soir"]


def test_a_bad_link_a_disguised_file_and_a_bad_siret_change_nothing(call):
    anonymous = client_for(None)
    assert anonymous.get(reverse("financements:carrier_submit", args=["faux"])).status_code == 404
    link = reverse("financements:carrier_submit", args=[services.call_link_token(call)])
    disguised = SimpleUploadedFile("budget.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with at((1, 20)):
        response = anonymous.post(link, _carrier_data(call, document=disguised))
        assert "ne correspond pas à son extension" in page_text(response)
        response = anonymous.post(link, _carrier_data(call, lead_siret="12345678901234"))
        assert "SIRET valide" in page_text(response)
        response = anonymous.post(
            link, _carrier_data(call, **{f"budget_{call.envelopes.get().pk}": "-3"})
        )
        assert "ne peut pas être négatif" in page_text(response)
    assert not Proposal.objects.exists()
    assert not mail.outbox


def test_reviewers_score_the_trinome_decides_and_the_proposal_becomes_a_funded_action(
    call, member_a, site_a, django_capture_on_commit_callbacks
):
    proposal = factories.CallProposalFactory(
        call=call, lead_name="Centre social des Tilleuls (fictif)", partners="Médiathèque"
    )
    proposal.objectives.set(call.objectives.all())
    envelope = call.envelopes.get()
    proposal.budget.create(envelope=envelope, amount=Decimal("12000"))
    cercle = call.reviewer_cercles.get()
    reviewers = []
    for email in ("r1@exemple.fr", "r2@exemple.fr"):
        user = factories.UserFactory(email=email, role="membre")
        personne = factories.PersonneFactory(user=user)
        factories.CercleMemberFactory(cercle=cercle, personne=personne)
        reviewers.append(user)
    criteria = list(call.criteria.all())
    with at((2, 20)):
        for user, values in zip(reviewers, ((4, 2), (2, 5)), strict=True):
            client = client_for(user)
            url = reverse("financements:review_edit", args=[proposal.pk])
            data = {f"score_{c.pk}": v for c, v in zip(criteria, values, strict=True)}
            assert client.post(url, data | {"comment": "Avis"}).status_code == 302
        # A reviewer without access to the site reads the call's proposals
        assert (
            client.get(reverse("financements:proposal_detail", args=[proposal.pk])).status_code
            == 200
        )
        trinome = client_for(member_a)
        text = page_text(trinome.get(reverse("financements:proposal_detail", args=[proposal.pk])))
        assert "3,0 · écart 2" in text and "3,5 · écart 3" in text
        with django_capture_on_commit_callbacks(execute=True):
            response = trinome.post(
                reverse("financements:proposal_decide", args=[proposal.pk]),
                {"decision": "retenue_sous_conditions", "reason": "Préciser le public visé."},
            )
        assert response.status_code == 302
        assert mail.outbox[-1].to == [proposal.contact_email]
        assert "retenue sous conditions" in mail.outbox[-1].subject
        response = trinome.post(reverse("financements:proposal_to_action", args=[proposal.pk]))
    proposal.refresh_from_db()
    action = proposal.action
    assert response["Location"] == action.get_absolute_url()
    assert action.site == site_a
    assert list(action.objectives.all()) == list(call.objectives.all())
    assert action.porteur.name == "Centre social des Tilleuls (fictif)"
    assert [p.name for p in action.partners.all()] == ["Médiathèque"]
    line = FundingLine.objects.get(action=action)
    assert (line.funder, line.requested, line.year) == (envelope.funder, Decimal("12000.00"), 2026)
    assert SiteEvent.objects.filter(kind="decision_appel", site=site_a).exists()


def test_only_reviewers_score_and_only_after_closing(call, member_a, member_b):
    proposal = factories.CallProposalFactory(call=call)
    url = reverse("financements:review_edit", args=[proposal.pk])
    with at((2, 20)):
        assert client_for(member_a).get(url).status_code == 403  # not in a reviewing cercle
        assert client_for(member_b).get(url).status_code == 404  # site B's member
    assert list(Call.objects.for_user(member_b)) == []


def test_the_trinome_opens_a_call_and_events_mark_its_opening_and_closing(member_a, site_a):
    vision = factories.VisionFactory(site=site_a)
    objective = factories.ObjectiveFactory(vision=vision)
    with at((1, 2)):
        response = client_for(member_a).post(
            reverse("financements:call_create", args=[site_a.pk]),
            {
                "title": "Appel 2026",
                "objectives": [objective.pk],
                "opens_on": "2026-01-02",
                "closes_on": "2026-01-01",
            },
        )
        assert "La clôture précède l'ouverture." in page_text(response)
        client_for(member_a).post(
            reverse("financements:call_create", args=[site_a.pk]),
            {
                "title": "Appel 2026",
                "objectives": [objective.pk],
                "opens_on": "2026-01-02",
                "closes_on": "2026-02-01",
            },
        )
    call = Call.objects.get()
    assert SiteEvent.objects.filter(kind="appel_ouvert", object_id=call.pk).exists()
    from quartiers.events import sync_due

    sync_due(datetime.date(2026, 2, 3))
    assert SiteEvent.objects.filter(kind="appel_clos", object_id=call.pk).exists()
