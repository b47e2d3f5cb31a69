"""A site member reads the map of the site's actors, filters it, clicks the centre social
to see why it is linked, adds a link by hand and goes back two years — in Chromium, with
axe, and without a CSP violation."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from cooperation.models import Link
from tests import factories
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import sign_in
from tests.cooperation.conftest import member


def click_node(page, structure):
    """Click the node of ``structure`` on the canvas, where vis-network drew it."""
    point = page.evaluate(
        """(id) => {
            const container = document.getElementById("carte-reseau");
            const network = container.qicNetwork;
            container.scrollIntoView({block: "center"});
            const position = network.canvasToDOM(network.getPosition(id));
            const box = container.getBoundingClientRect();
            return {x: box.left + position.x, y: box.top + position.y};
        }""",
        structure.pk,
    )
    page.mouse.click(point["x"], point["y"])


def test_a_site_member_explores_the_map_of_actors(
    page, context, live_server, site_a, member_a, console_errors
):
    today = timezone.localdate()
    two_years_ago = today - datetime.timedelta(days=730)
    centre_social = factories.StructureFactory(name="Centre social", kind="association")
    mission_locale = factories.StructureFactory(name="Mission locale", kind="emploi")
    college = factories.StructureFactory(name="Collège Jean Moulin", kind="education")
    regie = factories.StructureFactory(name="Régie de quartier", kind="association")
    cercle = factories.CercleFactory(site=site_a, name="Cercle emploi")
    member(cercle, centre_social, two_years_ago - datetime.timedelta(days=200))
    member(cercle, regie, two_years_ago - datetime.timedelta(days=100))
    member(cercle, mission_locale, today - datetime.timedelta(days=200))
    action = factories.ActionFactory(
        site=site_a,
        title="Stages de 3e",
        porteur=college,
        start_date=today - datetime.timedelta(days=90),
    )
    action.partners.add(centre_social)
    sign_in(context, member_a, live_server)

    page.goto(f"/sites/{site_a.pk}/carte-des-acteurs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Carte des acteurs")
    expect(page.locator("#carte-reseau[data-drawn=true]")).to_be_attached()
    expect(page.locator("#mesure-structures")).to_have_text("4")
    assert_accessible(page)

    # Only the associations.
    page.locator("label[for=id_champ_2]").click()  # the DSFR label covers its box
    page.get_by_role("button", name="Afficher").click()
    structures = page.locator("#tableau-structures ~ .fr-table")
    expect(structures).to_contain_text("Régie de quartier")
    expect(structures).not_to_contain_text("Collège Jean Moulin")
    page.get_by_role("link", name="Tout afficher, aujourd'hui").click()

    # Why is the centre social linked to each structure?
    expect(page.locator("#carte-reseau[data-drawn=true]")).to_be_attached()
    click_node(page, centre_social)
    selection = page.locator("#reseau-selection")
    expect(selection.get_by_role("heading")).to_have_text("Centre social")
    expect(selection).to_contain_text("Mission locale")
    expect(selection).to_contain_text("même cercle : Cercle emploi")
    expect(selection).to_contain_text("partenaires d'une action : Stages de 3e")

    # A link the data does not say; the metrics follow.
    expect(page.locator("#mesure-liens")).to_have_text("4")
    page.get_by_role("link", name="Ajouter un lien").click()
    assert_accessible(page)
    page.get_by_label("De", exact=True).select_option(label="Mission locale")
    page.get_by_label(re.compile(r"^\s*Nature du lien")).select_option(label="oriente vers")
    page.get_by_label(re.compile(r"^\s*Vers")).select_option(label="Collège Jean Moulin")
    page.get_by_label(re.compile(r"^\s*Note")).fill("Les élèves de 3e sans stage.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Carte des acteurs")
    expect(page.locator("#mesure-liens")).to_have_text("5")
    assert Link.objects.get(site=site_a).author == member_a

    # Two years back: a smaller network.
    page.get_by_label(re.compile(r"^\s*Le réseau au")).fill(two_years_ago.isoformat())
    page.get_by_role("button", name="Afficher").click()
    expect(page.locator("#mesure-structures")).to_have_text("2")
    expect(page.get_by_text(f"au {two_years_ago:%d/%m/%Y}")).to_be_visible()
    assert_accessible(page)
    assert console_errors == []
