"""Journey: a site member imports a CSV of measurements, follows the job's progress, sees
the result; a file with errors lists them and imports nothing. On a desktop and a phone."""

import datetime
import os
from pathlib import Path

from django.urls import reverse
from playwright.sync_api import expect

from accounts.enums import Role
from tests import factories
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import both_sizes, sign_in
from visions import services
from visions.enums import ImportStatus
from visions.models import Measurement, MeasurementImport

# Screenshots for a human eye, when asked: QIC_SCREENSHOTS=test-output/import
SHOTS = os.environ.get("QIC_SCREENSHOTS")


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def csv_file(tmp_path, indicators, count, name="releves.csv", bad_line=None):
    lines = ["indicateur;date;valeur;commentaire"]
    for index in range(count):
        indicator = indicators[index % len(indicators)]
        day = datetime.date(2026, 9, 30) - datetime.timedelta(days=index // len(indicators))
        value = "douze" if index == bad_line else f"{index},5"
        lines.append(f"{indicator.pk};{day:%d/%m/%Y};{value};")
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    return path


@both_sizes
def test_a_member_imports_measurements_and_follows_the_job(
    page, context, live_server, console_errors, monkeypatch, tmp_path, viewport
):
    label = "bureau" if viewport["width"] > 1000 else "telephone"
    site = factories.SiteFactory(name="Saint-Étienne — Montreynaud")
    objective = factories.ObjectiveFactory(vision__site=site)
    indicators = [
        factories.IndicatorFactory(objective=objective, name=f"Indicateur {index}")
        for index in range(4)
    ]
    member = factories.UserFactory(email="membre@exemple.fr", role=Role.MEMBRE)
    factories.SiteAccessFactory(site=site, user=member)
    sign_in(context, member, live_server)
    # The worker is this test: the job waits until the test runs it, so that the page is
    # seen waiting, moving, then finished.
    monkeypatch.setattr(services, "enqueue_on_commit", lambda task, *args: None)

    page.goto(reverse("visions:measurement_import", args=[site.pk]))
    expect(page.get_by_text("10 000 lignes au plus par fichier")).to_be_visible()
    page.get_by_label("Fichier CSV des mesures").set_input_files(
        csv_file(tmp_path, indicators, 1200)
    )
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_text("L'import attend son tour")).to_be_visible()
    shoot(page, f"{label}-1-en-attente")
    job = MeasurementImport.objects.get()
    assert job.rows_total == 1200

    # Halfway through the checks, as the worker reports it: the page polls and shows it.
    MeasurementImport.objects.filter(pk=job.pk).update(status=ImportStatus.EN_COURS, rows_done=600)
    expect(page.get_by_text("Vérification : 600 lignes sur 1 200")).to_be_visible(timeout=5000)
    assert_accessible(page)
    shoot(page, f"{label}-2-en-cours")
    MeasurementImport.objects.filter(pk=job.pk).update(status=ImportStatus.EN_ATTENTE, rows_done=0)
    services.measurement_import_run(job_id=job.pk)  # what the worker does
    expect(page.get_by_role("heading", name="1 200 mesures importées")).to_be_visible(timeout=5000)
    assert_accessible(page)
    shoot(page, f"{label}-3-termine")
    assert Measurement.objects.count() == 1200
    page.get_by_role("link", name="Retour aux indicateurs du site").click()
    expect(page).to_have_url(
        f"{live_server.url}{reverse('visions:indicator_grid', args=[site.pk])}"
    )

    # A file with an error: listed with its line and column, nothing imported.
    page.goto(reverse("visions:measurement_import", args=[site.pk]))
    bad = csv_file(tmp_path, indicators, 20, name="erreurs.csv", bad_line=4)
    page.get_by_label("Fichier CSV des mesures").set_input_files(bad)
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_text("L'import attend son tour")).to_be_visible()
    services.measurement_import_run(job_id=MeasurementImport.objects.latest("pk").pk)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Import impossible : rien n'a été enregistré", timeout=5000)
    expect(alert).to_contain_text("Ligne 6, colonne « valeur » : « douze » n'est pas un nombre")
    assert_accessible(page)
    shoot(page, f"{label}-4-erreurs")
    assert Measurement.objects.count() == 1200

    # A file refused at once: too many lines would be, here a spreadsheet saved as xlsx.
    page.goto(reverse("visions:measurement_import", args=[site.pk]))
    workbook = tmp_path / "classeur.csv"
    workbook.write_bytes(b"PK\x03\x04binaire")
    page.get_by_label("Fichier CSV des mesures").set_input_files(workbook)
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_role("alert")).to_contain_text("Le fichier est un classeur")
    shoot(page, f"{label}-5-refus-immediat")
    assert console_errors == []
