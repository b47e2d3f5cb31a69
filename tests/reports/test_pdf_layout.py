"""The PDFs' page breaks: no heading or table caption is left alone at the bottom of a
page (issue #24). Read back with pypdf: the lowest line of text above the footer of each
page must not be a heading."""

import io

import pytest
from django.template import engines
from pypdf import PdfReader

from reports.enums import ReportKind, ReportStatus
from reports.pdf import font_faces, url_fetcher
from tests import factories
from tests.reports.conftest import run

pytestmark = pytest.mark.django_db

# The page's bottom margin is 20 mm (print.css): below it, only the footer is written.
FOOTER_TOP = 20 / 25.4 * 72


def last_lines(data: bytes) -> list[str]:
    """The lowest line of the body of each page (the footer left out)."""
    lines = []
    for page in PdfReader(io.BytesIO(data)).pages:
        fragments = []

        def visit(text, cm, tm, font, size, fragments=fragments):
            y = tm[5] * cm[3] + cm[5]
            if text.strip() and y > FOOTER_TOP:
                fragments.append((y, text.strip()))

        page.extract_text(visitor_text=visit)
        lines.append(min(fragments)[1] if fragments else "")
    return lines


def orphans(data: bytes, headings: list[str]) -> list[tuple[int, str]]:
    return [
        (number, line)
        for number, line in enumerate(last_lines(data)[:-1], start=1)  # the last page ends
        if any(line.startswith(heading) or line.endswith(heading) for heading in headings)
    ]


def test_the_print_stylesheet_keeps_headings_and_captions_with_what_follows():
    """Sections of every length, so that each kind of heading falls at some page's foot."""
    sections = "".join(
        f"<h2>Titre {i}</h2>"
        + "<p>Une ligne de texte ordinaire.</p>" * (1 + i % 7)
        + f"<h3>Sous-titre {i}</h3><h4>Intertitre {i}</h4><p>Texte.</p>"
        f"<table><caption>Légende {i}</caption><thead><tr><th>Colonne</th></tr></thead>"
        "<tbody><tr><td>première</td></tr><tr><td>seconde</td></tr></tbody></table>"
        for i in range(45)
    )
    template = engines["django"].from_string(
        '{% extends "reports/pdf/base.html" %}{% block body %}' + sections + "{% endblock %}"
    )
    html = template.render(
        {
            "font_faces": font_faces(),
            "document_title": "Essai",
            "running_title": "Essai",
            "generated_at": None,
            "first_page_number": None,
        }
    )
    from weasyprint import HTML

    data = HTML(string=html, url_fetcher=url_fetcher()).write_pdf()
    assert len(PdfReader(io.BytesIO(data)).pages) > 10
    assert orphans(data, ["Titre", "Sous-titre", "Intertitre", "Légende"]) == []


def test_no_heading_of_a_long_fiche_site_ends_a_page(rich_site, member_a):
    site = rich_site["site"]
    objective_titles, indicator_names = [], []
    for number in range(6):
        objective = factories.ObjectiveFactory(
            vision=site.vision, title=f"Objectif numéro {number}"
        )
        objective_titles.append(objective.title)
        for index in range(number % 3 + 1):
            indicator = factories.IndicatorFactory(
                objective=objective, name=f"Indicateur {number}-{index}"
            )
            indicator_names.append(indicator.name)
            factories.MeasurementFactory(indicator=indicator)
    for index in range(9):
        factories.ActionFactory(site=site, title=f"Action {index}", status="en_cours")
    job = run(member_a, ReportKind.FICHE_SITE, site=site.pk)
    assert job.status == ReportStatus.PRET, job.error
    with job.file.open("rb") as handle:
        data = handle.read()
    headings = [
        "Identité",
        "Parcours du site",
        "Trinôme et accompagnement",
        "Vision partagée",
        "Objectifs et indicateurs",
        "Actions",
        "En cours (",
        "Cercles et réunions de la période",
        "Réunions du",
        "Engagements",
        "En retard",
        "À faire",
        "Faits sur la période",
        "Auto-évaluation des cinq conditions",
        *objective_titles,
        *indicator_names,
    ]
    assert len(last_lines(data)) > 2
    assert orphans(data, headings) == []


def test_the_bilan_annex_names_the_programme_once_and_counts_in_french(admin_user):
    """A cohort's name may already carry its programme (« Cohorte 2022 — expérimentation
    nationale »): the annex line says the programme, then « cohorte 2022 »."""
    cohort = factories.CohortFactory(year=2022, name="Cohorte 2022 — expérimentation nationale")
    site = factories.SiteFactory(
        name="Dreux — Les Chamards", programme="experimentation", cohort=cohort
    )
    # Thirteen indicators: the annex shows twelve and counts the last one, in French.
    objective = factories.ObjectiveFactory(vision__site=site)
    factories.IndicatorFactory.create_batch(13, objective=objective)
    job = run(admin_user, ReportKind.BILAN_NATIONAL, annex=True)
    assert job.status == ReportStatus.PRET, job.error
    with job.file.open("rb") as handle:
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages]
    annex = " ".join(next(text for text in pages if "QPV :" in text).split())
    assert "expérimentation nationale — cohorte 2022" in annex
    assert annex.count("expérimentation nationale") == 1
    assert "… et 1 autre indicateur (voir la fiche site)." in annex
