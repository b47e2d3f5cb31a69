"""An animatrice opens a consent proposal, a member objects with a reason (the answer
swaps in place), the animatrice closes it and the outcome is in the decisions — in
Chromium, with axe."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from accounts.enums import Role
from cercles.enums import MemberRole
from cercles.models import Decision, Proposal
from tests import factories
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import sign_in


def label(page, text):
    return page.get_by_label(re.compile(r"^\s*" + text + r"(\s|$)"))


def test_a_consent_round_from_opening_to_the_decision(
    page, context, live_server, site_a, member_a, console_errors
):
    cercle = factories.CercleFactory(site=site_a, name="Cercle emploi")
    factories.CercleMemberFactory(
        cercle=cercle,
        personne=factories.PersonneFactory(first_name="Nadia", user=member_a, sites=[site_a]),
        role=MemberRole.ANIMATEUR,
    )
    karim = factories.UserFactory(email="karim@exemple.fr", role=Role.MEMBRE)
    factories.SiteAccessFactory(site=site_a, user=karim)
    factories.CercleMemberFactory(
        cercle=cercle,
        personne=factories.PersonneFactory(first_name="Karim", user=karim, sites=[site_a]),
    )
    closes_on = timezone.localdate() + datetime.timedelta(days=7)

    # The animatrice opens a consent proposal from the cercle page.
    sign_in(context, member_a, live_server)
    page.goto(cercle.get_absolute_url())
    page.get_by_role("link", name="Ouvrir une proposition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle proposition")
    label(page, "Forme").select_option(label="consentement")
    label(page, "Titre").fill("Lettre aux habitants")
    label(page, "Clôture le").fill(closes_on.isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lettre aux habitants")
    proposal = Proposal.objects.get()

    # Karim objects, with a reason; the answer and results swap in place.
    context.clear_cookies()
    sign_in(context, karim, live_server)
    page.goto(proposal.get_absolute_url())
    assert_accessible(page)
    page.locator("label[for=id_value_2]").click()  # « objection »
    page.get_by_label(re.compile(r"^\s*Raison")).fill("Attendons le vote du budget.")
    page.get_by_role("button", name="Répondre").click()
    expect(page.get_by_text("Votre réponse est enregistrée.")).to_be_visible()
    expect(page.get_by_role("button", name="Changer ma réponse")).to_be_visible()

    # The animatrice closes it: the outcome is a decision with its review date.
    context.clear_cookies()
    sign_in(context, member_a, live_server)
    page.goto(proposal.get_absolute_url())
    page.get_by_role("link", name="Clore et écrire l'issue").click()
    label(page, "Issue").fill("La lettre partira après le vote du budget.")
    label(page, "À revoir le").fill((closes_on + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Issue")).to_be_visible()
    expect(
        page.get_by_text("La lettre partira après le vote du budget.", exact=True)
    ).to_be_visible()
    assert_accessible(page)
    decision = Decision.objects.get()
    assert decision.review_on == closes_on + datetime.timedelta(days=30)
    page.goto(f"/sites/{site_a.pk}/journal/")
    expect(page.get_by_text("La lettre partira après le vote du budget.").first).to_be_visible()
    assert console_errors == []
