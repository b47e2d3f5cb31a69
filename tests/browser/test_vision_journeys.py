"""A site member writes and adopts the vision, adds an objective and an indicator, enters
this quarter's value in the grid and sees the curve change — in Chromium, with axe."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import sign_in
from visions.enums import VisionStatus
from visions.models import Indicator, Measurement, Vision
from visions.progress import last_closed_period


def label(page, text):
    """The field whose label starts with ``text`` (labels also hold hints)."""
    return page.get_by_label(re.compile(r"^\s*" + text + r"(\s|$)"))


def test_a_site_member_builds_the_vision_and_measures_it(
    page, context, live_server, site_a, member_a, console_errors
):
    today = timezone.localdate()
    sign_in(context, member_a, live_server)

    # The site's page leads to its vision, not written yet.
    page.goto(site_a.get_absolute_url())
    assert_accessible(page)
    page.goto(f"/sites/{site_a.pk}/vision/")
    expect(page.get_by_text("Ce site n'a pas encore écrit sa vision.")).to_be_visible()
    assert_accessible(page)

    # Write it.
    page.get_by_role("link", name="Écrire la vision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Écrire la vision du site")
    assert_accessible(page)
    label(page, "Énoncé de la vision").fill(
        "En 2032, chaque jeune de Montreynaud trouve sa voie, et chaque habitant sa place."
    )
    page.get_by_role("spinbutton", name=re.compile(r"^Horizon")).fill("2032")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Horizon 2032")).to_be_visible()
    expect(page.get_by_text("pas encore adoptée")).to_be_visible()
    assert_accessible(page)

    # Adopt it: a first numbered version.
    page.get_by_role("link", name="Enregistrer l'adoption").click()
    assert_accessible(page)
    label(page, "Instance qui l'a adoptée").fill("Plénière des acteurs du quartier")
    page.get_by_role("button", name="Adopter cette version").click()
    versions = page.get_by_role("table", name="Versions adoptées de la vision")
    expect(versions.locator("tbody tr")).to_have_count(1)
    expect(versions).to_contain_text("Plénière des acteurs du quartier")
    assert_accessible(page)
    assert Vision.objects.get(site=site_a).status == VisionStatus.ADOPTEE

    # An objective, from the vision's tree.
    page.get_by_role("link", name="Arbre de la vision").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ajouter un objectif").click()
    assert_accessible(page)
    label(page, "Intitulé").fill("Réussite éducative")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Objectif 1 — Réussite éducative")).to_be_visible()

    # An indicator of that objective, measured each quarter since last year.
    page.get_by_role(
        "link", name="Ajouter un indicateur à l'objectif « Réussite éducative »"
    ).click()
    assert_accessible(page)
    baseline_day = last_closed_period("trimestrielle", today - datetime.timedelta(days=370)).end
    label(page, "Nom").fill("Taux de réussite au brevet")
    label(page, "Unité").fill("%")
    label(page, "Sens souhaité").select_option(label="hausse souhaitée")
    label(page, "Valeur de référence").fill("71,5")
    label(page, "Date de la valeur de référence").fill(baseline_day.isoformat())
    label(page, "Valeur cible").fill("80")
    label(page, "Échéance de la cible").fill(f"{today.year + 4}-06-30")
    label(page, "Fréquence de mesure").select_option(label="trimestrielle")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Taux de réussite au brevet")
    chart = page.locator("figure.qic-figure-chart svg")
    expect(chart.locator("circle.qic-chart__point")).to_have_count(0)
    assert_accessible(page)
    indicator = Indicator.objects.get(name="Taux de réussite au brevet")

    # This quarter's value, in the site's bulk grid.
    page.goto(f"/sites/{site_a.pk}/vision/")
    page.get_by_role("navigation", name="Espace du site").get_by_role(
        "link", name="Indicateurs"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Indicateurs du site")
    assert_accessible(page)
    period = last_closed_period(indicator.frequency, today)
    row = page.locator(f"#ligne-{indicator.pk}")
    expect(row.get_by_label("Date de la valeur de « Taux de réussite au brevet »")).to_have_value(
        period.end.isoformat()
    )
    row.get_by_label("Valeur de « Taux de réussite au brevet » en %").fill("74,2")
    row.get_by_label("Commentaire sur la valeur de « Taux de réussite au brevet »").fill(
        "Session de juin"
    )
    page.get_by_role("button", name="Enregistrer toutes les valeurs saisies").first.click()
    expect(page.locator(f"#ligne-{indicator.pk}")).to_contain_text("74,2")
    assert_accessible(page)
    measurement = Measurement.objects.get(indicator=indicator)
    assert (measurement.date, str(measurement.value)) == (period.end, "74.20")

    # The curve now has its point.
    page.locator(f"#ligne-{indicator.pk}").get_by_role(
        "link", name="Taux de réussite au brevet"
    ).click()
    chart = page.locator("figure.qic-figure-chart svg")
    expect(chart.locator("circle.qic-chart__point")).to_have_count(1)
    expect(chart.locator("circle.qic-chart__point title")).to_have_text(
        re.compile(rf"{period.end:%d/%m/%Y} : 74,2")
    )
    expect(
        page.get_by_role("table", name="Mesures de « Taux de réussite au brevet »")
    ).to_contain_text("Session de juin")
    assert_accessible(page)
    assert console_errors == []
