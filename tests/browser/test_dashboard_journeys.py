"""Dashboard journeys in Chromium, with accessibility checks on every page visited."""

import datetime
import re

from playwright.sync_api import expect

from accounts.enums import Role
from cercles.enums import MeetingStatus
from quartiers.enums import SiteStatus
from tests import factories
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import both_sizes
from visions.enums import VisionStatus

PASSWORD = "mot-de-passe-de-test"


def test_an_anct_admin_filters_the_national_dashboard_and_reads_a_site(page, console_errors):
    admin = factories.UserFactory(email="admin@anct.gouv.fr", role=Role.ADMIN)
    loire, nord = factories.departement(0), factories.departement(4)
    montreynaud = factories.SiteFactory(
        name="Saint-Étienne — Montreynaud",
        status=SiteStatus.MISE_EN_OEUVRE,
        quartiers=[factories.QuartierFactory(departement=loire, latitude=45.46, longitude=4.41)],
    )
    factories.VisionFactory(
        site=montreynaud, status=VisionStatus.ADOPTEE, adopted_on=datetime.date(2025, 3, 1)
    )
    held = factories.MeetingFactory(
        cercle__site=montreynaud,
        starts_at=factories.paris(2025, 1, 14),
        status=MeetingStatus.TENUE,
    )
    factories.CommitmentFactory(
        meeting=held, text="Relancer le bailleur", due_on=datetime.date(2025, 2, 1)
    )
    factories.SiteFactory(
        name="Roubaix — L'Alma",
        status=SiteStatus.FORMATION_ACTION,
        quartiers=[factories.QuartierFactory(departement=nord, latitude=50.69, longitude=3.17)],
    )

    page.goto("/")
    page.get_by_label("Adresse e-mail").fill(admin.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord national")
    expect(page.locator("#kpi-sites")).to_have_text("2")
    markers = page.locator(".qic-map .qic-marker")
    expect(markers).to_have_count(2)
    # Each marker is named, shows its status' letter, and the zoom speaks French.
    named = page.get_by_role("button", name="Saint-Étienne — Montreynaud — mise en œuvre")
    expect(named).to_have_text("M")
    expect(page.get_by_role("button", name="Zoomer", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Dézoomer", exact=True)).to_be_visible()
    # « À relancer » says why and since when.
    expect(page.locator(".qic-chase")).to_contain_text(
        "1 engagement en retard, le plus ancien dû le 01/02/2025"
    )
    assert_accessible(page)

    page.get_by_label("Région").select_option(label=loire.region.name)
    # HTMX swaps the dashboard under the form and keeps the filter in the address bar.
    expect(page).to_have_url(re.compile(rf"region={loire.region.pk}"))
    expect(page.locator("#kpi-sites")).to_have_text("1")
    expect(page.locator("#tableau-sites tbody tr")).to_have_count(1)
    expect(markers).to_have_count(1)  # the map was redrawn for the filtered sites
    assert_accessible(page)

    # Sorting swaps the table alone, and is bookmarkable too.
    page.locator("#tableau-sites").get_by_role("link", name="Statut").click()
    expect(page).to_have_url(re.compile(r"tri=statut"))
    expect(page.locator("#tableau-sites th[aria-sort]")).to_contain_text("Statut")
    # Filtering again keeps the sort.
    page.get_by_label("Programme", exact=True).select_option(value="experimentation")
    expect(page).to_have_url(
        re.compile(r"programme=experimentation.*tri=statut|tri=statut.*programme=experimentation")
    )
    expect(page.locator("#tableau-sites th[aria-sort]")).to_contain_text("Statut")
    expect(markers).to_have_count(1)

    # The marker opens the site's page, from the keyboard too.
    markers.first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(montreynaud.name)
    overdue = page.locator("section[aria-labelledby=retards]")
    expect(overdue.get_by_role("heading", name="Engagements en retard")).to_be_visible()
    expect(overdue).to_contain_text("Relancer le bailleur")
    assert_accessible(page)
    assert console_errors == []


@both_sizes
def test_a_site_member_and_a_resource_centre_land_on_their_dashboards(
    page, context, browser, live_server, console_errors
):
    from tests.browser.conftest import sign_in

    site = factories.SiteFactory(name="Grenoble — Villeneuve", status=SiteStatus.MISE_EN_OEUVRE)
    factories.SelfAssessmentFactory(site=site)
    indicator = factories.IndicatorFactory(objective__vision__site=site, name="Taux d'emploi")
    factories.MeasurementFactory(indicator=indicator, date=datetime.date(2025, 6, 30))
    member = factories.UserFactory(role=Role.MEMBRE)
    factories.SiteAccessFactory(site=site, user=member)
    sign_in(context, member, live_server)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(site.name)
    # In the vision's table, and in the journal as a value measured.
    vision = page.locator("section[aria-labelledby=vision]")
    expect(vision.get_by_role("link", name="Taux d'emploi")).to_be_visible()
    journal = page.locator("section[aria-labelledby=journal]")
    expect(journal.get_by_role("link", name="Taux d'emploi")).to_be_visible()
    assert_accessible(page)

    centre = factories.CentreFactory(name="Centre de ressources Alpes")
    factories.AccompanimentFactory(centre=centre, site=site, hours_planned=20, hours_done=8)
    staff = factories.UserFactory(role=Role.CENTRE)
    centre.members.add(staff)
    other = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=page.viewport_size
    )
    sign_in(other, staff, live_server)
    centre_page = other.new_page()
    centre_page.goto("/")
    expect(centre_page.get_by_role("heading", level=1)).to_have_text(
        "Tableau de bord du centre de ressources"
    )
    expect(centre_page.locator("#centre-heures")).to_have_text("8 h")
    assert_accessible(centre_page)
    other.close()
    assert console_errors == []


def test_on_a_phone_the_national_figures_come_before_the_folded_filters(
    page, context, live_server, console_errors
):
    from tests.browser.conftest import sign_in

    factories.SiteFactory(name="Dreux — Les Chamards", status=SiteStatus.MISE_EN_OEUVRE)
    factories.SiteFactory(name="Carpentras — Les Amandiers", status=SiteStatus.CANDIDAT)
    sign_in(context, factories.UserFactory(role=Role.ADMIN), live_server)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/tableau-de-bord/")
    expect(page.locator("#kpi-sites")).to_have_text("2")
    expect(page.get_by_label("Statut", exact=True)).to_be_hidden()  # folded behind « Filtres »
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)

    page.get_by_text("Filtres", exact=True).click()
    page.get_by_label("Statut", exact=True).select_option(value=SiteStatus.CANDIDAT)
    expect(page.locator("#kpi-sites")).to_have_text("1")
    expect(page.locator("#tableau-sites tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Réinitialiser les filtres").click()
    expect(page.locator("#kpi-sites")).to_have_text("2")
    assert console_errors == []


def test_the_national_map_clusters_sites_over_the_departements(
    page, context, live_server, console_errors
):
    from tests.browser.conftest import sign_in

    # Twelve sites around Lyon, one in Lille and one in Marseille: at the national zoom
    # the twelve are one cluster.
    for n in range(12):
        factories.SiteFactory(
            name=f"Lyon — Quartier {n:02}",
            status=SiteStatus.MISE_EN_OEUVRE if n % 2 else SiteStatus.CANDIDAT,
            quartiers=[
                factories.QuartierFactory(
                    latitude=45.70 + 0.02 * (n % 4), longitude=4.80 + 0.03 * (n // 4)
                )
            ],
        )
    for name, lat, lon in [("Lille — Moulins", 50.62, 3.07), ("Marseille — Noailles", 43.30, 5.38)]:
        factories.SiteFactory(
            name=name,
            status=SiteStatus.VISION_ADOPTEE,
            quartiers=[factories.QuartierFactory(latitude=lat, longitude=lon)],
        )
    sign_in(context, factories.UserFactory(role=Role.ADMIN), live_server)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/tableau-de-bord/")
    expect(page.locator("#kpi-sites")).to_have_text("14")
    # The départements are drawn under the markers, from the file shipped with QIC.
    expect(page.locator(".qic-map .qic-dep-label")).to_have_count(101)
    expect(page.locator(".qic-map .leaflet-overlay-pane path").first).to_be_attached()
    expect(page.locator(".qic-map .leaflet-control-attribution")).to_contain_text(
        "IGN ADMIN EXPRESS"
    )
    # At the national zoom: one named cluster, and the two lone sites with their letter.
    cluster = page.get_by_role("button", name="12 sites : zoomer pour les voir")
    expect(cluster).to_have_text("12")
    expect(page.locator(".qic-map .qic-marker")).to_have_count(2)
    expect(page.get_by_role("button", name="Lille — Moulins — vision adoptée")).to_have_text("V")
    assert_accessible(page)

    # Enter on the cluster zooms in to its sites, and the focus stays on the map.
    cluster.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".qic-map .qic-marker").first).to_be_visible()
    expect(page.get_by_role("button", name="Lyon — Quartier 01 — mise en œuvre")).to_have_text("M")
    expect(page.locator(".qic-map.leaflet-container")).to_be_focused()
    assert page.locator(".qic-map .qic-cluster").count() < 4
    assert console_errors == []


def test_the_national_map_opens_on_the_metropole_and_goes_overseas(page, context, live_server):
    from tests.browser.conftest import sign_in

    for name, lat, lon in [
        ("Lille — Moulins", 50.62, 3.07),
        ("Marseille — Noailles", 43.30, 5.38),
        ("Saint-Denis — Le Chaudron", -20.88, 55.48),
    ]:
        factories.SiteFactory(
            name=name,
            status=SiteStatus.VISION_ADOPTEE,
            quartiers=[factories.QuartierFactory(latitude=lat, longitude=lon)],
        )
    sign_in(context, factories.UserFactory(role=Role.ADMIN), live_server)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/tableau-de-bord/")
    territories = page.get_by_role("group", name="Aller à un territoire de la carte")
    # Only the territories that have a site: the metropole and La Réunion.
    expect(territories.get_by_role("button")).to_have_text(["Métropole", "La Réunion"])
    reunion_site = page.get_by_role("button", name="Saint-Denis — Le Chaudron — vision adoptée")
    expect(reunion_site).not_to_be_in_viewport()
    territories.get_by_role("button", name="La Réunion").click()
    expect(reunion_site).to_be_in_viewport()
    expect(
        page.get_by_role("button", name="Lille — Moulins — vision adoptée")
    ).not_to_be_in_viewport()
    territories.get_by_role("button", name="Métropole").click()
    expect(page.get_by_role("button", name="Lille — Moulins — vision adoptée")).to_be_in_viewport()
    assert_accessible(page)
