"""CSV import of measurements: the file people really have (Excel's ``;``, decimal comma,
Windows-1252 or UTF-8 with BOM), all or nothing, errors by line and column in French; the
template pre-filled with the site's indicators; the reader never crashes.

The upload checks what is cheap and answers at once when the file cannot be read; the
lines are checked and recorded by a job (run in the request's process here, after the
commit, as without a broker), whose page gives the result. The job itself, its page and
its limits: test_import_job.py."""

import codecs
import csv
import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.conftest import client_for
from tests.visions.helpers import page_text, soup
from visions.importers import (
    IndicatorRef,
    MeasurementImportError,
    MeasurementRow,
    read_measurements_csv,
)
from visions.models import Measurement

TODAY = datetime.date(2026, 10, 15)


@pytest.fixture(autouse=True)
def frozen():
    moment = datetime.datetime(2026, 10, 15, 12, tzinfo=ZoneInfo("Europe/Paris"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def indicators(db, site_a):
    objective = factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_a))
    return {
        "brevet": factories.IndicatorFactory(objective=objective, name="Réussite au brevet"),
        "emploi": factories.IndicatorFactory(objective=objective, name="Taux d'emploi"),
    }


def upload(client, site, content: bytes, name="mesures.csv", follow=False):
    """Post the file and run the job it creates (after the commit, in this process)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("visions:measurement_import", args=[site.pk]),
            {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
        )
    if follow:
        assert response.status_code == 302, page_text(response)
        return client.get(response["Location"])
    return response


def stored():
    return sorted(
        (m.indicator.name, m.date, m.value, m.comment)
        for m in Measurement.objects.select_related("indicator")
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("encoding", "separator", "bom"),
    [("utf-8", ";", False), ("utf-8", ";", True), ("cp1252", ";", False), ("utf-8", ",", False)],
)
def test_a_spreadsheet_export_is_imported(site_a, member_a, indicators, encoding, separator, bom):
    brevet, emploi = indicators["brevet"], indicators["emploi"]
    lines = [
        ["Indicateur", "Date", "Valeur", "Commentaire"],
        [str(brevet.pk), "30/06/2026", "81,5", "Session de juin, résultats définitifs"],
        ["Taux d'emploi", "2026-09-30", "1 234,5", ""],
        ["", "", "", ""],
        [str(emploi.pk), "31/03/2026", "", "pas encore connu"],  # no value: skipped
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator).writerows(lines)
    content = buffer.getvalue().encode(encoding)
    if bom:
        content = codecs.BOM_UTF8 + content
    client = client_for(member_a)
    response = upload(client, site_a, content)
    assert response.status_code == 302, page_text(response)
    assert stored() == [
        ("Réussite au brevet", datetime.date(2026, 6, 30), Decimal("81.5"),
         "Session de juin, résultats définitifs"),
        ("Taux d'emploi", datetime.date(2026, 9, 30), Decimal("1234.5"), ""),
    ]  # fmt: skip
    page = client.get(response["Location"])
    assert "2 mesures importées" in page_text(page)
    assert soup(page).find("a", href=reverse("visions:indicator_grid", args=[site_a.pk]))


@pytest.mark.django_db
def test_any_error_imports_nothing_and_every_error_is_named_by_line_and_column(
    site_a, member_a, indicators
):
    brevet = indicators["brevet"]
    factories.MeasurementFactory(indicator=brevet, date=datetime.date(2026, 3, 31))
    before = stored()
    content = "\n".join(
        [
            "indicateur;date;valeur;commentaire",
            f"{brevet.pk};30/06/2026;80;bonne ligne",
            "Indicateur inconnu;30/06/2026;12;",
            f"{brevet.pk};31/02/2026;12;",
            f"{brevet.pk};30/09/2027;12;",
            f"{brevet.pk};30/09/2026;douze;",
            f"{brevet.pk};30/06/2026;81;",
        ]
    ).encode()
    response = upload(client_for(member_a), site_a, content, follow=True)
    assert stored() == before
    errors = [" ".join(li.get_text().split()) for li in soup(response).select(".fr-alert li")]
    assert errors == [
        "Ligne 3, colonne « indicateur » : aucun indicateur du site n'a le numéro ou le nom "
        "« Indicateur inconnu ».",
        "Ligne 4, colonne « date » : La date « 31/02/2026 » n'existe pas.",
        "Ligne 5, colonne « date » : la date ne peut pas être dans le futur.",
        "Ligne 6, colonne « valeur » : « douze » n'est pas un nombre : écrivez par exemple "
        "12,5 ou 1 234.",
        "Ligne 7, colonne « date » : la ligne 2 donne déjà une valeur à cette date pour cet "
        "indicateur.",
    ]
    assert "rien n'a été enregistré" in page_text(response)


@pytest.mark.django_db
def test_a_value_already_recorded_is_refused_with_its_line(site_a, member_a, indicators):
    brevet = indicators["brevet"]
    factories.MeasurementFactory(indicator=brevet, date=datetime.date(2026, 3, 31))
    before = stored()
    content = f"indicateur;date;valeur\n{brevet.pk};30/06/2026;80\n{brevet.pk};31/03/2026;79\n"
    response = upload(client_for(member_a), site_a, content.encode(), follow=True)
    assert stored() == before
    assert (
        "Ligne 3, colonne « date » : « Réussite au brevet » a déjà une valeur au 31/03/2026."
        in page_text(response)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier soumis est vide."),
        (b"PK\x03\x04binary", "pas un CSV"),
        (b"nom;valeur\nx;1\n", "colonne(s) manquante(s) : « indicateur », « date »"),
        (b"indicateur;date;valeur\n", "Aucune valeur à importer"),
        (b'indicateur;date;valeur\n1;"01/01/2026;3\n', "Ligne 2 : un guillemet ouvert n'est"),
        (b'indicateur;date;valeur\n1;"01/01"/2026;3\n', "il faut un séparateur « ; »"),
        (b"\x00\x01\x02\x03" * 50, "pas un fichier texte CSV"),
    ],
)
def test_a_malformed_file_gets_a_french_error_and_changes_nothing(
    site_a, member_a, indicators, content, message
):
    response = upload(client_for(member_a), site_a, content)
    assert response.status_code == 200
    assert message in page_text(response)
    assert Measurement.objects.count() == 0


@pytest.mark.django_db
def test_the_template_lists_the_sites_indicators_and_imports_back_once_filled(
    site_a, member_a, indicators, site_b
):
    other = factories.IndicatorFactory(
        objective__vision=factories.VisionFactory(site=site_b), name="Ailleurs"
    )
    client = client_for(member_a)
    response = client.get(reverse("visions:measurement_template", args=[site_a.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "indicateur" and rows[0][3:5] == ["date", "valeur"]
    assert {row[1] for row in rows[1:]} == {"Réussite au brevet", "Taux d'emploi"}
    assert str(other.pk) not in {row[0] for row in rows[1:]}
    assert {row[3] for row in rows[1:]} == {"30/09/2026"}  # quarterly: Q3 to report
    # Filled in a spreadsheet, it imports as it is.
    rows[1][4] = "77,7"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    assert upload(client, site_a, buffer.getvalue().encode("cp1252")).status_code == 302
    assert [(name, value) for name, _d, value, _c in stored()] == [(rows[1][1], Decimal("77.7"))]


@pytest.mark.django_db
def test_indicators_of_another_site_cannot_be_imported_into(site_a, site_b, member_a, indicators):
    other = factories.IndicatorFactory(objective__vision=factories.VisionFactory(site=site_b))
    content = f"indicateur;date;valeur\n{other.pk};30/06/2026;80\n".encode()
    response = upload(client_for(member_a), site_a, content, follow=True)
    assert "aucun indicateur du site n'a le numéro" in page_text(response)
    assert Measurement.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [("member_b", 404), ("observer", 403)])
def test_others_cannot_import(site_a, personas, indicators, persona, status):
    content = f"indicateur;date;valeur\n{indicators['brevet'].pk};30/06/2026;80\n".encode()
    assert upload(client_for(personas[persona]), site_a, content).status_code == status
    assert Measurement.objects.count() == 0


# The reader alone: any input gives rows or a French error, never another exception --------

REFS = [IndicatorRef(1, "Réussite au brevet"), IndicatorRef(2, "Taux d'emploi")]
cells = st.one_of(
    st.sampled_from(["1", "2", "3", "Taux d'emploi", "", "30/06/2026", "2026-06-30", "12,5",
                     "1 234,5", "-3", "douze", "31/02/2026", '"', ";", ",", "\n", "é"]),
    st.text(max_size=12),
)  # fmt: skip


def _assert_readable(data: bytes):
    try:
        rows = read_measurements_csv(data, indicators=REFS, today=TODAY)
    except MeasurementImportError as exc:
        assert exc.errors and all(isinstance(e, str) and e for e in exc.errors)
        return
    assert rows
    for row in rows:
        assert isinstance(row, MeasurementRow)
        assert row.indicator_id in (1, 2) and row.date <= TODAY
        assert isinstance(row.value, Decimal) and row.value.is_finite()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_never_crash_the_reader(data):
    _assert_readable(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.sampled_from(["indicateur;date;valeur;commentaire", "Indicateur,Date,Valeur",
                            "indicateur;date", "date;valeur;indicateur"]),
    rows=st.lists(st.lists(cells, max_size=5), max_size=6),
    separator=st.sampled_from([";", ","]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)  # fmt: skip
def test_csv_like_text_gives_rows_or_a_french_error(header, rows, separator, encoding):
    text = header + "\n" + "\n".join(separator.join(row) for row in rows)
    _assert_readable(text.encode(encoding, errors="replace"))


def test_a_well_formed_file_reads_exactly():
    data = (
        "indicateur;date;valeur;commentaire\n1;30/06/2026;12,5;ok\nTaux d'emploi;2026-03-31;-3;\n"
    )
    assert read_measurements_csv(data.encode(), indicators=REFS, today=TODAY) == [
        MeasurementRow(2, 1, datetime.date(2026, 6, 30), Decimal("12.5"), "ok"),
        MeasurementRow(3, 2, datetime.date(2026, 3, 31), Decimal("-3"), ""),
    ]


@pytest.mark.django_db
def test_the_template_never_hands_a_formula_to_the_spreadsheet(site_a, member_a, indicators):
    indicators["brevet"].name = '=HYPERLINK("http://exemple.invalid","clic")'
    indicators["brevet"].save()
    response = client_for(member_a).get(reverse("visions:measurement_template", args=[site_a.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    names = {row[1] for row in rows[1:]}
    assert '\'=HYPERLINK("http://exemple.invalid","clic")' in names
    assert not any(name.startswith("=") for row in rows for name in row)


@pytest.mark.django_db
def test_implausible_dates_and_endless_numbers_are_named_and_nothing_is_imported(
    site_a, member_a, indicators
):
    brevet = indicators["brevet"]
    content = "\n".join(
        [
            "indicateur;date;valeur;commentaire",
            f"{brevet.pk};30/06/2026;80;bonne ligne",
            f"{brevet.pk};01/01/0001;12;",
            f"{brevet.pk};1989-12-31;12;",
            f"{'9' * 5_000};30/06/2026;12;",
            f"{brevet.pk};31/03/2026;{'9' * 5_000};",
        ]
    ).encode()
    response = upload(client_for(member_a), site_a, content, follow=True)
    assert response.status_code == 200
    assert stored() == []
    errors = [" ".join(li.get_text().split()) for li in soup(response).select(".fr-alert li")]
    implausible = (
        "Date invraisemblable : elle doit être comprise entre le 01/01/1990 et le 15/10/2046."
    )
    assert errors == [
        f"Ligne 3, colonne « date » : {implausible}",
        f"Ligne 4, colonne « date » : {implausible}",
        "Ligne 5, colonne « indicateur » : aucun indicateur du site n'a le numéro ou le nom "
        f"« {'9' * 80} ».",
        "Ligne 6, colonne « valeur » : Nombre trop grand : pas plus de 12 chiffres avant la "
        "virgule.",
    ]
