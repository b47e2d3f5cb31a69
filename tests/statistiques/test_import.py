"""``import_quartier_data``: INSEE's zips of QPV statistics in, values out, all or nothing.

The zips are built here, in the published layout: a data file (``…_QP24.csv``), a
benchmark file (``…_ENSQP24.csv``, ``CODGEO`` 00) and a meta file.
"""

import io
import zipfile
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statistiques.enums import Secrecy
from statistiques.importers import StatImportError, import_quartier_data
from statistiques.models import StatImport, StatSource, StatValue, Variable
from tests.factories import CommuneFactory, QuartierFactory

pytestmark = pytest.mark.django_db

META = (
    "COD_VAR;LIB_VAR;COD_MOD;LIB_MOD;TYPE_VAR;LONG_VAR\n"
    "CODGEO;Code géographique;QN04201M;Montreynaud;CHAR;8\n"
    "CODGEO;Code géographique;QN06901M;La Duchère;CHAR;8\n"
    "LIBGEO;Libellé géographique;;;CHAR;100\n"
    "DISP_MED_A21;Médiane du revenu disponible par unité de consommation (en euros);;;NUM;10\n"
    "DISP_TP60_A21;Taux de pauvreté au seuil de 60 % (en %);;;NUM;10\n"
)
DATA = (
    "CODGEO;LIBGEO;DISP_MED_A21;DISP_TP60_A21\n"
    "QN04201M;Montreynaud;14 520,5;38,2\n"
    "QN06901M;La Duchère;s;nd\n"
    "QN09399M;Quartier absent de la base;15000;30\n"
)
BENCHMARK = "CODGEO;LIBGEO;DISP_MED_A21;DISP_TP60_A21\n00;Ensemble des QPV;14 750;43,3\n"
ZIP_NAME = "revenus_pauvrete_2021_qp24_csv.zip"


def make_zip(files: dict[str, str | bytes], *, encoding="utf-8", crlf=False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            if isinstance(text, str):
                if crlf:
                    text = text.replace("\n", "\r\n")
                text = text.encode(encoding)
            archive.writestr(name, text)
    return buffer.getvalue()


def standard_zip(**kwargs) -> bytes:
    files = {
        "meta_revenus_pauvrete_2021_QP24.csv": META,
        "revenus_pauvrete_2021_QP24.csv": DATA,
        "revenus_pauvrete_2021_ENSQP24.csv": BENCHMARK,
    }
    return make_zip(files, **kwargs)


@pytest.fixture
def qpv(db):
    montreynaud = QuartierFactory(code="QN04201M", name="Montreynaud")
    duchere = QuartierFactory(code="QN06901M", name="La Duchère")
    return montreynaud, duchere


def values() -> list[tuple]:
    return sorted(
        StatValue.objects.values_list(
            "quartier__code", "is_benchmark", "variable__code", "vintage", "value", "secrecy"
        ),
        key=str,
    )


def test_a_zip_imports_values_labels_benchmark_and_secrecy(qpv):
    report = import_quartier_data([(ZIP_NAME, standard_zip())], source_url="https://www.insee.fr/x")
    montreynaud, duchere = qpv
    median = Variable.objects.get(code="DISP_MED")
    assert median.label == "Médiane du revenu disponible par unité de consommation (en euros)"
    assert median.theme == "Revenus et pauvreté"
    value = StatValue.objects.get(quartier=montreynaud, variable=median)
    assert (value.vintage, value.value, value.secrecy) == (2021, Decimal("14520.5"), "")
    assert value.source.file_name == ZIP_NAME
    assert value.source.url == "https://www.insee.fr/x"
    secret = StatValue.objects.get(quartier=duchere, variable=median)
    assert (secret.value, secret.secrecy) == (None, Secrecy.SECRET)
    missing = StatValue.objects.get(quartier=duchere, variable__code="DISP_TP60")
    assert (missing.value, missing.secrecy) == (None, Secrecy.NOT_AVAILABLE)
    benchmark = StatValue.objects.get(is_benchmark=True, variable=median)
    assert benchmark.quartier is None and benchmark.value == Decimal("14750")
    # LIBGEO is a description, not a variable.
    assert set(Variable.objects.values_list("code", flat=True)) == {"DISP_MED", "DISP_TP60"}
    assert report.created == 6 and report.unknown_codes == ["QN09399M"]
    assert any("QN09399M" in line for line in report.summary_lines())
    log = StatImport.objects.get()
    assert (log.created_count, log.unknown_qpv_count, log.vintages) == (6, 1, "2021")


def test_windows_1252_with_crlf_imports_the_same_values(qpv):
    import_quartier_data([(ZIP_NAME, standard_zip(encoding="cp1252", crlf=True))])
    first = values()
    StatValue.objects.all().delete()
    import_quartier_data(
        [
            (
                ZIP_NAME,
                make_zip(
                    {
                        "meta_x.csv": "\ufeff" + META,
                        "revenus_pauvrete_2021_QP24.csv": "\ufeff" + DATA,
                        "revenus_pauvrete_2021_ENSQP24.csv": BENCHMARK,
                    }
                ),
            )
        ]
    )
    assert values() == first
    assert Variable.objects.get(code="DISP_TP60").label.startswith("Taux de pauvreté")


def test_reimporting_changes_nothing_and_a_newer_vintage_adds_beside(qpv):
    import_quartier_data([(ZIP_NAME, standard_zip())])
    before = values()
    report = import_quartier_data([(ZIP_NAME, standard_zip())])
    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    assert values() == before
    newer = make_zip(
        {
            "revenus_pauvrete_2022_QP24.csv": DATA.replace("_A21", "_A22").replace(
                "14 520,5", "14 800"
            ),
        }
    )
    import_quartier_data([("revenus_pauvrete_2022_qp24_csv.zip", newer)])
    montreynaud = qpv[0]
    assert list(
        StatValue.objects.filter(quartier=montreynaud, variable__code="DISP_MED")
        .order_by("vintage")
        .values_list("vintage", "value")
    ) == [(2021, Decimal("14520.5")), (2022, Decimal("14800"))]


def test_vintage_from_the_file_name_or_the_option(qpv):
    data = "CODGEO;NB_DEFM_ABC\nQN04201M;412\n"
    import_quartier_data([("DEFM2024_QP24_csv.zip", make_zip({"DEFM2024_QP24.csv": data}))])
    value = StatValue.objects.get(variable__code="NB_DEFM_ABC")
    assert value.vintage == 2024 and value.variable.theme == "Demandeurs d'emploi"
    import_quartier_data([("defm_qp.zip", make_zip({"defm_QP.csv": data}))], vintage=2023)
    assert StatValue.objects.filter(variable__code="NB_DEFM_ABC", vintage=2023).exists()


def test_a_multi_commune_qpv_has_one_value_per_variable_never_split(qpv):
    montreynaud = qpv[0]
    montreynaud.communes.set([CommuneFactory(), CommuneFactory()])
    data = (
        "CODGEO;LIBGEO;LIBCOM;DISP_MED_A21\n"
        'QN04201M;Montreynaud;"Saint-Étienne, Villars";14 520,5\n'
        'QN04201M;Montreynaud;"Saint-Étienne, Villars";14 520,5\n'
    )
    import_quartier_data([(ZIP_NAME, make_zip({"x_QP24.csv": data}))])
    assert list(StatValue.objects.values_list("quartier__code", "value")) == [
        ("QN04201M", Decimal("14520.5"))
    ]


def refused(files: dict, *, name=ZIP_NAME) -> str:
    import_quartier_data([(ZIP_NAME, standard_zip())])
    before = (values(), StatSource.objects.count(), StatImport.objects.count())
    with pytest.raises(StatImportError) as caught:
        import_quartier_data([(ZIP_NAME, standard_zip()), (name, make_zip(files))])
    assert (values(), StatSource.objects.count(), StatImport.objects.count()) == before
    assert "rien n'a été enregistré" in str(caught.value)
    return str(caught.value)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"x_QP24.csv": "CODGEO;DISP_MED_A21\nQN04201M;1\nQN0420;2\n"},
            "x_QP24.csv, ligne 3, colonne « CODGEO » : « QN0420 » n'est pas un code de QPV",
        ),
        (
            {"x_QP24.csv": "CODGEO;DISP_MED_A21;DISP_TP60_A21\nQN04201M;1;douze\n"},
            "x_QP24.csv, ligne 2, colonne « DISP_TP60_A21 » : « douze » n'est ni un nombre",
        ),
        (
            {"x_ENSQP24.csv": "CODGEO;DISP_MED_A21\n00;1\n", "meta_x.csv": META},
            "l'archive ne contient pas de fichier de données",
        ),
        (
            {"x_QP24.csv": "CODE;DISP_MED_A21\nQN04201M;1\n"},
            "x_QP24.csv, ligne 1 : la colonne CODGEO (code du quartier) est absente",
        ),
        (
            {"x_QP24.csv": "CODGEO;DISP_MED_A21\nQN04201M;1\nQN04201M;2\n"},
            "x_QP24.csv, ligne 3, colonne « CODGEO » : le quartier QN04201M figure déjà ligne 2",
        ),
        (
            {"x_ENSQP24.csv": "CODGEO;DISP_MED_A21\n00;1,2,3\n", "x_QP24.csv": DATA},
            "x_ENSQP24.csv, ligne 2, colonne « DISP_MED_A21 »",
        ),
    ],
    ids=["malformed-code", "bad-value", "no-data-file", "no-codgeo", "duplicate", "bad-benchmark"],
)
def test_a_malformed_zip_is_refused_with_its_location_and_nothing_written(qpv, files, expected):
    assert expected in refused(files)


def test_a_file_that_is_not_a_zip_is_refused(qpv):
    with pytest.raises(StatImportError, match="archive zip lisible"):
        import_quartier_data([("x.zip", b"not a zip")])
    assert not StatValue.objects.exists()


def test_dry_run_counts_and_writes_nothing(qpv):
    report = import_quartier_data([(ZIP_NAME, standard_zip())], dry_run=True)
    assert report.created == 6
    assert not StatValue.objects.exists() and not Variable.objects.exists()


def test_the_import_writes_in_bulk_whatever_the_number_of_qpv(db):
    quartiers = QuartierFactory.create_batch(60)
    columns = [f"VAR{n}_A21" for n in range(20)]
    rows = [f"{q.code};" + ";".join(f"{n},5" for n in range(20)) for q in quartiers]
    data = "\n".join(["CODGEO;" + ";".join(columns), *rows, ""])
    with CaptureQueriesContext(connection) as queries:
        report = import_quartier_data([("pop_2021_QP24.zip", make_zip({"pop_QP24.csv": data}))])
    assert report.created == 1200
    assert len(queries) < 40  # batches of rows, never a query per value


def test_the_command_prints_the_summary_and_refuses_in_french(qpv, tmp_path):
    path = tmp_path / ZIP_NAME
    path.write_bytes(standard_zip())
    out = StringIO()
    call_command("import_quartier_data", str(path), "--dry-run", stdout=out)
    assert "6 ajoutées" in out.getvalue() and not StatValue.objects.exists()
    call_command("import_quartier_data", str(path), "--source-url", "https://insee.fr", stdout=out)
    assert StatValue.objects.count() == 6
    bad = tmp_path / "bad.zip"
    bad.write_bytes(make_zip({"x_QP24.csv": "CODE;A\n"}))
    with pytest.raises(CommandError, match="CODGEO"):
        call_command("import_quartier_data", str(bad), stdout=out)
