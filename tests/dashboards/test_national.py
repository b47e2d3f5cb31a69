"""The national dashboard: its figures match the records, the map shows exactly the sites
the user may see, the table filters, sorts and swaps with HTMX."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from cercles.enums import CommitmentStatus, MeetingStatus
from cercles.models import Commitment, Meeting
from quartiers.enums import Programme, SiteStatus
from quartiers.models import Site
from summaries.programme import programme_figures
from tests import factories
from tests.conftest import client_for, paris
from tests.htmx import assert_fragment_matches_page
from visions.enums import Track, VisionStatus
from visions.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(clock):
    """Six sites across statuses, programmes, cohorts and régions, with visions,
    meetings, commitments and indicators, at T0 (5 January 2026)."""
    c2022 = factories.CohortFactory(year=2022)
    c2024 = factories.CohortFactory(year=2024)
    loire, paris_dep, nord = (
        factories.departement(0),
        factories.departement(3),
        factories.departement(4),
    )
    shared = factories.QuartierFactory(departement=loire)
    sites = [
        factories.SiteFactory(
            name="Alpha",
            cohort=c2022,
            status=SiteStatus.MISE_EN_OEUVRE,
            quartiers=[shared, factories.QuartierFactory(departement=loire)],
        ),
        factories.SiteFactory(
            name="Bravo",
            cohort=c2024,
            status=SiteStatus.FORMATION_ACTION,
            quartiers=[shared],
        ),
        factories.SiteFactory(
            name="Charlie",
            cohort=c2024,
            status=SiteStatus.VISION_ADOPTEE,
            quartiers=[factories.QuartierFactory(departement=paris_dep)],
        ),
        factories.SiteFactory(
            name="Delta",
            cohort=None,
            status=SiteStatus.CANDIDAT,
            programme=Programme.CENTRE_RESSOURCES,
            quartiers=[factories.QuartierFactory(departement=nord, latitude=None, longitude=None)],
        ),
        factories.SiteFactory(
            name="Echo",
            cohort=c2024,
            status=SiteStatus.SUSPENDU,
            quartiers=[factories.QuartierFactory(departement=nord)],
        ),
    ]
    alpha, bravo, charlie, _delta, echo = sites
    factories.VisionFactory(
        site=alpha, status=VisionStatus.ADOPTEE, adopted_on=datetime.date(2025, 3, 1)
    )
    factories.VisionFactory(
        site=charlie, status=VisionStatus.REVISION, adopted_on=datetime.date(2025, 6, 1)
    )
    factories.VisionFactory(site=bravo, status=VisionStatus.BROUILLON)
    for site, starts, status in [
        (alpha, paris(2025, 12, 1), MeetingStatus.TENUE),
        (alpha, paris(2025, 11, 20), MeetingStatus.TENUE),
        (alpha, paris(2025, 9, 1), MeetingStatus.TENUE),  # more than 90 days ago
        (charlie, paris(2025, 10, 30), MeetingStatus.TENUE),
        (charlie, paris(2025, 12, 15), MeetingStatus.ANNULEE),
        (bravo, paris(2026, 2, 1), MeetingStatus.PREVUE),
    ]:
        meeting = factories.MeetingFactory(cercle__site=site, starts_at=starts, status=status)
    for site, due, status in [
        (alpha, datetime.date(2025, 12, 20), CommitmentStatus.A_FAIRE),  # overdue
        (alpha, datetime.date(2026, 2, 1), CommitmentStatus.A_FAIRE),
        (charlie, datetime.date(2026, 1, 4), CommitmentStatus.A_FAIRE),  # overdue
        (charlie, datetime.date(2025, 11, 1), CommitmentStatus.ABANDONNE),
        (echo, datetime.date(2025, 1, 1), CommitmentStatus.A_FAIRE),  # overdue
    ]:
        meeting = factories.MeetingFactory(cercle__site=site)
        factories.CommitmentFactory(meeting=meeting, due_on=due, status=status)
    on = factories.IndicatorFactory(objective__vision=alpha.vision)
    factories.MeasurementFactory(
        indicator=on, date=datetime.date(2025, 12, 31), value=Decimal("46")
    )
    off = factories.IndicatorFactory(objective__vision=alpha.vision)
    factories.MeasurementFactory(
        indicator=off, date=datetime.date(2025, 12, 31), value=Decimal("38")
    )
    factories.IndicatorFactory(objective__vision=charlie.vision)  # no value: not evaluable
    return sites


def _independent_figures(sites, today):
    """The same figures, counted the slow way from the objects."""
    now = timezone.now()
    site_ids = {s.pk for s in sites}
    meetings = [
        m
        for m in Meeting.objects.all()
        if m.cercle.site_id in site_ids
        and m.status == MeetingStatus.TENUE
        and now - datetime.timedelta(days=90) <= m.starts_at <= now
    ]
    commitments = [c for c in Commitment.objects.all() if c.meeting.cercle.site_id in site_ids]
    indicators = [i for i in Indicator.objects.all() if i.objective.vision.site_id in site_ids]
    return {
        "total": len(sites),
        "cohorts": len({s.cohort_id for s in sites if s.cohort_id}),
        "qpv": len({q.pk for s in sites for q in s.quartiers.all()}),
        "with_vision": sum(
            1 for s in sites if hasattr(s, "vision") and s.vision.adopted_on is not None
        ),
        "meetings": len(meetings),
        "meeting_sites": len({m.cercle.site_id for m in meetings}),
        "open": sum(1 for c in commitments if c.is_open),
        "overdue": sum(1 for c in commitments if c.is_overdue),
        "on": sum(1 for i in indicators if i.track in Track.on_track()),
        "off": sum(1 for i in indicators if i.track in Track.off_track()),
        "by_status": {s: sum(1 for x in sites if x.status == s) for s in SiteStatus},
    }


def test_key_figures_match_the_records(programme, admin_user):
    sites = list(Site.objects.all())
    expected = _independent_figures(sites, timezone.localdate())
    figures = programme_figures(Site.objects.for_user(admin_user)).key_figures
    assert figures.total == expected["total"] == 5
    assert figures.cohorts == expected["cohorts"] == 2
    assert figures.qpv == expected["qpv"] == 5
    assert figures.with_vision == expected["with_vision"] == 2
    assert figures.vision_share == 40
    assert (
        (figures.meetings_90_days, figures.sites_with_meeting)
        == (expected["meetings"], expected["meeting_sites"])
        == (3, 2)
    )
    assert (
        (figures.commitments_open, figures.commitments_overdue)
        == (expected["open"], expected["overdue"])
        == (4, 3)
    )
    assert (figures.on_track, figures.off_track) == (expected["on"], expected["off"]) == (1, 1)
    assert dict(figures.by_status) == expected["by_status"]


def test_the_page_shows_the_figures_and_a_filter_narrows_them(programme, admin_user):
    client = client_for(admin_user)
    page = BeautifulSoup(client.get(reverse("dashboards:national")).content, "html.parser")
    assert page.select_one("#kpi-sites").text == "5"
    assert page.select_one("#kpi-reunions").text == "3"
    assert page.select_one("#kpi-engagements").text == "4"
    loire = factories.departement(0).region
    url = reverse("dashboards:national") + f"?region={loire.pk}"
    page = BeautifulSoup(client.get(url).content, "html.parser")
    assert page.select_one("#kpi-sites").text == "2"  # Alpha and Bravo
    names = [a.text for a in page.select("#tableau-sites tbody td:first-child a")]
    assert names == ["Alpha", "Bravo"]


def test_the_map_shows_exactly_the_sites_the_user_may_see(programme, admin_user, clock):
    chef = factories.UserFactory(role=Role.CHEF_DE_PROJET)
    Site.objects.filter(name__in=["Alpha", "Charlie"]).update(chef_de_projet=chef)

    def points(user, query=""):
        page = BeautifulSoup(
            client_for(user).get(reverse("dashboards:national") + query).content, "html.parser"
        )
        return {p["name"] for p in json.loads(page.select_one("#carte-donnees").string)}

    # Delta has no coordinates: it is said so, and listed in the table.
    assert points(admin_user) == {"Alpha", "Bravo", "Charlie", "Echo"}
    # A chef de projet starts with the sites they follow, and gets all on request.
    assert points(chef) == {"Alpha", "Charlie"}
    assert points(chef, "?perimetre=tous") == {"Alpha", "Bravo", "Charlie", "Echo"}
    page = client_for(admin_user).get(reverse("dashboards:national")).content.decode()
    assert "1 site sans coordonnées" in page
    # The markers open the site's dashboard.
    marker = json.loads(BeautifulSoup(page, "html.parser").select_one("#carte-donnees").string)[0]
    assert marker["url"] == reverse("dashboards:site", args=[marker["id"]])


def test_other_roles_get_no_national_dashboard(programme, member_a, centre_user, observer):
    for user in (member_a, centre_user, observer):
        assert client_for(user).get(reverse("dashboards:national")).status_code == 403


def test_the_table_sorts_and_its_fragment_matches_the_page(programme, admin_user):
    client = client_for(admin_user)
    url = reverse("dashboards:national") + "?tri=-statut"
    page = BeautifulSoup(client.get(url).content, "html.parser")
    names = [a.text for a in page.select("#tableau-sites tbody td:first-child a")]
    assert names == ["Echo", "Alpha", "Charlie", "Bravo", "Delta"]
    header = page.select_one("#tableau-sites th[aria-sort]")
    assert header["aria-sort"] == "descending" and "Statut" in header.text
    # Sorting swaps the table only; filtering swaps the whole dashboard below the form.
    assert_fragment_matches_page(client, url, "#resultats")
    fragment = client.get(url, headers={"HX-Request": "true", "HX-Target": "tableau-sites"})
    html = BeautifulSoup(fragment.content, "html.parser")
    assert html.select_one("#tableau-sites") is not None and html.select_one(".qic-map") is None


def test_statuses_by_month_count_the_first_time_each_step_was_reached(programme, admin_user):
    alpha = Site.objects.get(name="Alpha")
    factories.SiteStatusChangeFactory(
        site=alpha, status=SiteStatus.CANDIDAT, date=datetime.date(2025, 2, 10)
    )
    factories.SiteStatusChangeFactory(
        site=alpha, status=SiteStatus.CANDIDAT, date=datetime.date(2025, 5, 10)
    )
    timeline = programme_figures(Site.objects.for_user(admin_user)).status_timeline(months=12)
    assert timeline.months[0] == datetime.date(2025, 2, 1)
    assert timeline.months[-1] == datetime.date(2026, 1, 1)
    # Alpha reached « candidat » in February 2025 (once, whatever came later); Delta's
    # entry (90 days before T0, in October 2025) counts from October on.
    assert timeline.series[SiteStatus.CANDIDAT][0] == 1
    assert timeline.series[SiteStatus.CANDIDAT][-1] == 2
    page = client_for(admin_user).get(reverse("dashboards:national")).content.decode()
    assert 'aria-labelledby="statuts-par-mois-titre statuts-par-mois-desc"' in page
    assert "Voir les données du graphique" in page


def test_the_map_needs_no_tiles_and_takes_them_from_a_setting(programme, admin_user):
    def config():
        page = BeautifulSoup(
            client_for(admin_user).get(reverse("dashboards:national")).content, "html.parser"
        )
        return json.loads(page.select_one("#carte-reglages").string)

    offline = config()
    assert offline["tiles"] == ""  # offline: the départements shipped with the project
    assert offline["background"].endswith("/vendor/departements/departements.geojson")
    tiles = "https://tuiles.exemple.gouv.fr/{z}/{x}/{y}.png"
    with override_settings(QIC_MAP_TILE_URL=tiles, QIC_MAP_TILE_ATTRIBUTION="© Exemple"):
        assert config() == {
            "tiles": tiles,
            "attribution": "© Exemple",
            "background": offline["background"],
        }


def test_the_offline_background_is_every_departement_light_and_licensed():
    path = Path(finders.find("vendor/departements/departements.geojson"))
    features = json.loads(path.read_text())["features"]
    codes = {feature["properties"]["code"] for feature in features}
    # Metropole (2A and 2B for Corsica) and the five DROM, where the map places sites too.
    assert len(codes) == 101
    assert {"01", "2A", "2B", "95", "971", "972", "973", "974", "976"} <= codes
    for feature in features:
        lat, lon = feature["properties"]["label"]
        assert -90 < lat < 90 and -180 < lon < 180
    assert path.stat().st_size < 300_000  # a few hundred KB at most, gzip-friendly
    # Its source and licence are stated beside it.
    assert "Licence Ouverte" in (path.parent / "LICENCE").read_text()
    assert "ADMIN EXPRESS" in (path.parent / "README").read_text()


def test_the_table_fragment_swapped_in_gives_the_table_of_a_fresh_page(programme, admin_user):
    client = client_for(admin_user)
    url = reverse("dashboards:national") + "?tri=-activite&page=1"
    page = BeautifulSoup(client.get(url).content, "html.parser")
    response = client.get(url, headers={"HX-Request": "true", "HX-Target": "tableau-sites"})
    assert "HX-Target" in response["Vary"]
    fragment = BeautifulSoup(response.content, "html.parser")
    # The sort also goes to the filter form, out of band.
    oob = fragment.select_one("#tri-courant")
    assert oob["hx-swap-oob"] == "true" and oob["value"] == "-activite"
    oob.decompose()
    assert page.select_one("#tri-courant")["value"] == "-activite"

    def text(element):
        return " ".join(element.decode().split())

    assert text(fragment.select_one("#tableau-sites")) == text(page.select_one("#tableau-sites"))


def _table_rows(html):
    table = BeautifulSoup(html, "html.parser").select_one("#tableau-sites table")
    headers = [th.get_text(" ", strip=True).rstrip(" ▲▼") for th in table.select("thead th")]
    return [
        dict(zip(headers, (td.get_text(" ", strip=True) for td in tr.select("td")), strict=False))
        for tr in table.select("tbody tr")
    ]


def test_the_sites_table_shows_each_sites_health(clock, admin_user):
    late = factories.SiteFactory(name="Dreux — Les Chamards")
    held = factories.MeetingFactory(
        cercle__site=late, starts_at=paris(2025, 12, 1, 18), status=MeetingStatus.TENUE
    )
    factories.CommitmentFactory(meeting=held, due_on=datetime.date(2025, 12, 15))
    objective = factories.ObjectiveFactory(vision__site=late)
    factories.IndicatorFactory(objective=objective)
    factories.SiteFactory(name="Roubaix — Pile")
    urls = [
        (reverse("dashboards:national"), {}),
        # The table alone (a sort), as HTMX asks for it.
        (
            reverse("dashboards:national") + "?tri=nom",
            {"HX-Request": "true", "HX-Target": "tableau-sites"},
        ),
    ]
    for url, headers in urls:
        rows = _table_rows(client_for(admin_user).get(url, headers=headers).content.decode())
        by_name = {row["Site"]: row for row in rows}
        assert by_name["Dreux — Les Chamards"]["Engagements en retard"] == "1"
        assert by_name["Dreux — Les Chamards"]["Indicateurs en bonne voie"] == "0 sur 1"
        assert by_name["Dreux — Les Chamards"]["Réunions (90 jours)"] == "1"
        assert by_name["Roubaix — Pile"]["Engagements en retard"] == "0"
        assert by_name["Roubaix — Pile"]["Indicateurs en bonne voie"] == "—"


def test_the_maps_table_names_each_sites_commune(admin_user):
    commune = factories.CommuneFactory(name="Saint-Étienne")
    factories.SiteFactory(
        name="Montreynaud",
        quartiers=[factories.QuartierFactory(communes=[commune], latitude=45.46, longitude=4.41)],
    )
    page = BeautifulSoup(
        client_for(admin_user).get(reverse("dashboards:national")).content, "html.parser"
    )
    table = page.find("caption", string="Sites placés sur la carte, au centre de leurs QPV")
    rows = [
        [cell.get_text(strip=True) for cell in tr.select("td")]
        for tr in table.find_parent("table").select("tbody tr")
    ]
    assert [(row[0], row[2]) for row in rows] == [("Montreynaud", "Saint-Étienne")]
    assert "Latitude" not in str(table.find_parent("table"))
