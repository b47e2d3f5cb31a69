"""« À relancer »: a chef de projet writes to a silent site's trinôme from the national
dashboard, sees « relancé le … » on the list and the event in the site's journal; the
site's next activity clears the mark."""

import datetime
import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.enums import Role
from cercles.enums import MeetingStatus
from quartiers.enums import SiteStatus, TrinomeSeat
from tests import factories
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import both_sizes, sign_in
from visions.enums import VisionStatus


@both_sizes
def test_a_chef_chases_a_silent_site_by_e_mail_until_it_is_active_again(page, context, live_server):
    now = timezone.now()
    site = factories.SiteFactory(name="Dreux — Les Chamards", status=SiteStatus.MISE_EN_OEUVRE)
    factories.VisionFactory(
        site=site, status=VisionStatus.ADOPTEE, adopted_on=datetime.date(2025, 1, 1)
    )
    meeting = factories.MeetingFactory(
        cercle__site=site, starts_at=now - datetime.timedelta(days=70), status=MeetingStatus.TENUE
    )
    factories.TrinomeMandateFactory(
        site=site,
        seat=TrinomeSeat.ETAT,
        personne__first_name="Karim",
        personne__last_name="Haddad",
        personne__email="delegue@prefecture.gouv.fr",
    )
    chef = factories.UserFactory(
        email="chef@anct.gouv.fr", first_name="Bruno", last_name="Lambert", role=Role.CHEF_DE_PROJET
    )
    sign_in(context, chef, live_server)

    page.goto("/tableau-de-bord/")
    chase = page.locator(".qic-chase > li", has_text=site.name)
    expect(chase).to_be_visible()
    expect(chase.locator(".fr-badge", has_text="relancé le")).to_have_count(0)
    chase.get_by_role("link", name=f"Relancer {site.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Relances de {site.name}")
    expect(page.get_by_text("Ce site n'a pas encore été relancé.")).to_be_visible()
    assert_accessible(page)

    # The e-mail is written here, to the trinôme; « e-mail » is the channel chosen.
    page.locator("label", has_text="Karim Haddad — trinôme").click()
    expect(page.get_by_label(re.compile("Karim Haddad — trinôme"))).to_be_checked()
    page.get_by_label(re.compile(r"^\s*Objet")).fill("Où en est le cercle ?")
    page.get_by_label(re.compile(r"^\s*Message ou note")).fill(
        "Bonjour, le cercle ne s'est pas réuni depuis deux mois : pouvons-nous aider ?"
    )
    page.get_by_role("button", name="Enregistrer la relance").click()
    expect(page.get_by_text("L'e-mail est envoyé et la relance enregistrée.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("e-mail envoyé depuis QIC"))).to_be_visible()
    assert_accessible(page)
    sent = mail.outbox[-1]
    assert sent.to == ["delegue@prefecture.gouv.fr"] and sent.reply_to == [chef.email]

    # Back on « À relancer »: marked, with who and what, so that the next person knows.
    page.goto("/tableau-de-bord/")
    today = timezone.localdate().strftime("%d/%m/%Y")
    expect(chase.locator(".fr-badge")).to_have_text(f"relancé le {today}")
    expect(chase).to_contain_text("par Bruno Lambert")
    expect(chase).to_contain_text("pouvons-nous aider")
    assert_accessible(page)

    # The site's journal tells it too.
    page.goto(f"/sites/{site.pk}/journal/")
    expect(page.get_by_text("e-mail envoyé depuis QIC").first).to_be_visible()

    # The site meets again: the mark is gone (and the site leaves the list).
    factories.MeetingFactory(cercle=meeting.cercle, starts_at=now, status=MeetingStatus.TENUE)
    page.goto("/tableau-de-bord/")
    expect(page.locator(".qic-chase > li", has_text=site.name)).to_have_count(0)
    expect(page.get_by_text(f"relancé le {today}")).to_have_count(0)
