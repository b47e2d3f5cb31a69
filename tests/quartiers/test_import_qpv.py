"""``import_qpv``: the official QPV list (CSV) and perimeters (GeoJSON) in, reference data out.

Sample files live in tests/data/qpv/: ``qpv_officiel.csv`` (10 QPV in the published layout)
and its encodings, a file with errors, perimeters in WGS 84 and in Lambert 93.
"""

import csv
import io
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quartiers.importers import QpvImportError, import_qpv
from quartiers.importers.perimeters import centroid
from quartiers.importers.qpv_csv import COLUMNS
from quartiers.importers.synthetic import synthetic_qpv_csv
from quartiers.models import EPCI, Commune, Departement, Quartier, Region

DATA = Path(__file__).resolve().parent.parent / "data" / "qpv"
HEADER = ";".join(COLUMNS)
PACA = "Provence-Alpes-Côte d'Azur"
AMP = "Métropole d'Aix-Marseille-Provence"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows, ""]).encode()


def marseille_row(code="QN01301M", name="Centre-Nord", communes="13055", names="Marseille"):
    communes = f'"=""{communes}"""'  # a spreadsheet text formula, quoted for the CSV
    return f'{code};{name};93;{PACA};13;Bouches-du-Rhône;{communes};"{names}";200054807;{AMP}'


def snapshot() -> dict:
    """Every reference row, as plain values, to compare the base before and after."""
    return {
        "regions": sorted(Region.objects.values_list("code", "name")),
        "departements": sorted(Departement.objects.values_list("code", "name", "region__code")),
        "epcis": sorted(EPCI.objects.values_list("siren", "name")),
        "communes": sorted(
            Commune.objects.values_list("code", "name", "departement__code", "epci__siren")
        ),
        "quartiers": sorted(
            (
                q.code,
                q.name,
                q.generation,
                q.departement.code,
                q.epci.siren if q.epci else None,
                tuple(sorted(c.code for c in q.communes.all())),
                json.dumps(q.perimeter, sort_keys=True),
                q.latitude,
                q.longitude,
            )
            for q in Quartier.objects.select_related("departement", "epci").prefetch_related(
                "communes"
            )
        ),
    }


def import_errors(*args, **kwargs) -> list[str]:
    with pytest.raises(QpvImportError) as exc_info:
        import_qpv(*args, **kwargs)
    return exc_info.value.errors


# The official layout ----------------------------------------------------------------------


@pytest.mark.django_db
def test_official_file_creates_every_level():
    report = import_qpv(data("qpv_officiel.csv"))

    assert report.rows == 10
    assert (report.quartiers.created, report.quartiers.updated) == (10, 0)
    assert report.communes.created == 9
    assert report.epcis.created == 7
    assert report.departements.created == 8
    assert report.regions.created == 6
    assert Quartier.objects.count() == 10
    assert Commune.objects.count() == 9
    assert "Quartiers : 10 créés, 0 modifié, 0 inchangé" in report.summary_lines()
    assert "Communes : 9 créées, 0 modifiée, 0 inchangée" in report.summary_lines()


@pytest.mark.django_db
def test_multi_commune_qpv_has_both_communes():
    import_qpv(data("qpv_officiel.csv"))

    quartier = Quartier.objects.get(code="QN01302I")
    communes = {c.code: c.name for c in quartier.communes.all()}
    assert communes == {"13055": "Marseille", "13070": "La Penne-sur-Huveaune"}
    assert quartier.epci.siren == "200054807"
    # A commune can hold several QPV.
    assert Commune.objects.get(code="13055").quartiers.count() == 2


@pytest.mark.django_db
def test_codes_generations_and_places():
    import_qpv(data("qpv_officiel.csv"))

    assert Quartier.objects.get(code="QP093028").generation == 2015
    assert Quartier.objects.get(code="QN07501M").generation == 2024
    corsica = Quartier.objects.get(code="QN02A01I")
    assert corsica.departement.code == "2A"
    assert corsica.region.name == "Corse"
    assert [c.code for c in corsica.communes.all()] == ["2A004"]
    reunion = Quartier.objects.get(code="QN97401N")
    assert reunion.departement.code == "974"
    assert reunion.region.code == "04"
    assert Commune.objects.get(code="97411").departement.code == "974"


@pytest.mark.django_db
def test_codes_a_spreadsheet_mangled_are_repaired():
    import_qpv(data("qpv_officiel.csv"))

    # « 1 » and « 1053 »: the spreadsheet read them as numbers and dropped the zero.
    ain = Quartier.objects.get(code="QN00101I")
    assert ain.departement.code == "01"
    assert [c.code for c in ain.communes.all()] == ["01053"]
    # « '75056 »: a leading apostrophe marks text in a spreadsheet.
    assert Commune.objects.get(code="75056").epci.siren == "200054781"


@pytest.mark.django_db
def test_reimport_changes_nothing():
    import_qpv(data("qpv_officiel.csv"))
    before = snapshot()

    report = import_qpv(data("qpv_officiel.csv"))

    assert report.quartiers.created == report.quartiers.updated == 0
    assert report.quartiers.unchanged == 10
    assert report.communes.unchanged == 9
    assert report.regions.unchanged == 6
    assert "Quartiers : 0 créé, 0 modifié, 10 inchangés" in report.summary_lines()
    assert snapshot() == before


@pytest.mark.django_db
def test_modified_file_reports_updates():
    import_qpv(data("qpv_officiel.csv"))
    changed = data("qpv_officiel.csv").replace(b"Montreynaud", b"Montreynaud - Vivaraize")

    report = import_qpv(changed)

    assert (report.quartiers.created, report.quartiers.updated) == (0, 1)
    assert "Quartiers : 0 créé, 1 modifié, 9 inchangés" in report.summary_lines()
    assert Quartier.objects.get(code="QN04201M").name == "Montreynaud - Vivaraize"


@pytest.mark.django_db
def test_qpv_losing_a_commune_is_updated():
    import_qpv(data("qpv_officiel.csv"))
    changed = data("qpv_officiel.csv").replace(
        b'"=""13055;13070""";"Marseille; La Penne-sur-Huveaune"', b'="13055";Marseille'
    )

    report = import_qpv(changed)

    assert report.quartiers.updated == 1
    assert [c.code for c in Quartier.objects.get(code="QN01302I").communes.all()] == ["13055"]
    # Nothing is deleted: the commune stays, without this QPV.
    assert not Commune.objects.get(code="13070").quartiers.exists()


@pytest.mark.django_db
def test_qpv_missing_from_a_later_file_are_kept_and_counted():
    import_qpv(data("qpv_officiel.csv"))

    report = import_qpv(csv_file(marseille_row()))

    assert Quartier.objects.count() == 10
    assert report.quartiers_not_in_file == 9
    assert "QPV en base absents du fichier (conservés) : 9" in report.summary_lines()


# Encodings and layouts --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["qpv_officiel_bom.csv", "qpv_officiel_crlf.csv", "qpv_officiel_cp1252.csv"]
)
def test_encodings_give_the_same_result(name):
    import_qpv(data("qpv_officiel.csv"))
    expected = snapshot()
    Quartier.objects.all().delete()
    Commune.objects.all().delete()
    EPCI.objects.all().delete()
    Departement.objects.all().delete()
    Region.objects.all().delete()

    import_qpv(data(name))

    assert snapshot() == expected
    assert Commune.objects.get(code="42218").name == "Saint-Étienne"
    assert Region.objects.get(code="11").name == "Île-de-France"


@pytest.mark.django_db
def test_utf16_export_is_read():
    text = data("qpv_officiel.csv").decode()
    report = import_qpv(text.encode("utf-16"))
    assert report.quartiers.created == 10
    assert Departement.objects.get(code="13").name == "Bouches-du-Rhône"


@pytest.mark.django_db
@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_other_delimiters_case_order_and_extra_columns(delimiter):
    columns = ["population", *reversed(COLUMNS)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([f' "{name.upper()}" ' for name in columns])
    values = {
        "code_qp": "QN01302I",
        "lib_qp": "Saint-Menet, La Penne",
        "insee_reg": "93",
        "lib_reg": PACA,
        "insee_dep": "13",
        "lib_dep": "Bouches-du-Rhône",
        "insee_com": '="13055;13070"',
        "lib_com": "Marseille; La Penne-sur-Huveaune",
        "siren_epci": '="200054807"',
        "lib_epci": AMP,
        "population": "12345",
    }
    writer.writerow([values[name] for name in columns])

    import_qpv(buffer.getvalue().encode())

    quartier = Quartier.objects.get(code="QN01302I")
    assert quartier.name == "Saint-Menet, La Penne"
    assert quartier.communes.count() == 2


@pytest.mark.django_db
def test_blank_lines_and_a_repeated_identical_row_are_skipped():
    report = import_qpv(csv_file("", marseille_row(), "  ", marseille_row(), ";;;;;;;;;"))
    assert report.quartiers.created == 1


@pytest.mark.django_db
def test_commune_in_a_neighbouring_departement():
    rows = (
        f'QN01305N;Les Canourgues;93;{PACA};13;Bouches-du-Rhône;"=""13103;84007""";'
        f'"Salon-de-Provence; Avignon";"=""200054807;248400251""";"{AMP}; Grand Avignon"',
        f"QN08401M;Monclar;93;{PACA};84;Vaucluse;84007;Avignon;248400251;Grand Avignon",
    )
    import_qpv(csv_file(*rows))

    assert Commune.objects.get(code="84007").departement.code == "84"
    assert Quartier.objects.get(code="QN01305N").departement.code == "13"


@pytest.mark.django_db
def test_commune_of_an_unknown_departement_is_an_error():
    row = marseille_row(communes="13103;84007", names="Salon-de-Provence; Avignon")
    errors = import_errors(csv_file(row))
    assert errors == [
        "Ligne 2, colonne « insee_com » : la commune 84007 appartient au département 84, "
        "qui n'est ni dans le fichier ni en base."
    ]


@pytest.mark.django_db
def test_several_epci_are_paired_with_communes_in_order():
    row = (
        'QN07801M;Val Fourré;11;Île-de-France;78;Yvelines;"=""78361;78335""";'
        '"Mantes-la-Jolie; Limay";"=""200059889;200058519""";"GPS&O; Portes de l\'Île"'
    )
    import_qpv(csv_file(row))

    assert Commune.objects.get(code="78361").epci.siren == "200059889"
    assert Commune.objects.get(code="78335").epci.siren == "200058519"
    assert Quartier.objects.get(code="QN07801M").epci.siren == "200059889"


# Errors -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_malformed_file_names_line_and_column_and_writes_nothing():
    import_qpv(data("qpv_officiel.csv"))
    before = snapshot()

    errors = import_errors(data("qpv_erreurs.csv"))

    assert errors[0].startswith("Ligne 3, colonne « code_qp » : « QX123 » n'est pas un code QPV")
    assert errors[1].startswith(
        "Ligne 4, colonne « insee_com » : « 13A55 » n'est pas un code commune INSEE"
    )
    assert errors[2].startswith("Ligne 5, colonne « siren_epci » : « 123456789 » n'est pas")
    assert errors[3] == "Ligne 6, colonne « code_qp » : cellule vide, valeur obligatoire."
    assert len(errors) == 4
    # The good line 2 was not written either, and the earlier import is intact.
    assert snapshot() == before


@pytest.mark.django_db
def test_missing_columns_are_named():
    errors = import_errors(data("qpv_colonne_manquante.csv"))
    assert len(errors) == 1
    assert errors[0].startswith("Ligne 1 : colonnes manquantes : « lib_com ».")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "Le fichier est vide."),
        (b"\r\n \n", "Le fichier est vide."),
        (HEADER.encode() + b"\n", "Le fichier ne contient que l'en-tête : aucun QPV à importer."),
        (b"PK\x03\x04\x14\x00\x06\x00rest-of-an-xlsx", "enregistrez-le au format CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old-xls", "enregistrez-le au format CSV"),
        (bytes(range(256)) * 4, "n'est pas un fichier texte : exportez la liste des QPV"),
    ],
)
def test_file_level_errors(content, expected):
    errors = import_errors(content)
    assert len(errors) == 1
    assert expected in errors[0]


@pytest.mark.django_db
def test_same_code_with_different_data_names_both_lines():
    errors = import_errors(csv_file(marseille_row(), marseille_row(name="Autre nom")))
    assert errors == [
        "Ligne 3, colonne « code_qp » : le QPV QN01301M figure déjà ligne 2 avec d'autres données."
    ]


@pytest.mark.django_db
def test_contradicting_names_of_one_commune():
    rows = (marseille_row(), marseille_row(code="QN01303N", names="Marseile"))
    errors = import_errors(csv_file(*rows))
    assert errors == [
        "Ligne 3, colonne « lib_com » : « Marseile » contredit la ligne 2, qui donne "
        "« Marseille » pour la commune 13055."
    ]


@pytest.mark.django_db
def test_qpv_code_of_another_departement():
    row = marseille_row(code="QN07501M")
    errors = import_errors(csv_file(row))
    assert errors == [
        "Ligne 2, colonne « code_qp » : le code QN07501M désigne le département 75, "
        "mais la colonne « insee_dep » indique 13."
    ]


@pytest.mark.django_db
def test_unquoted_list_shifts_the_columns():
    row = f"QN01302I;Saint-Menet;93;{PACA};13;Bouches-du-Rhône;13055;13070;Marseille;La Penne;200054807;{AMP}"
    errors = import_errors(csv_file(row))
    assert errors == [
        "Ligne 2 : 12 cellules au lieu de 10 : une cellule qui contient le séparateur "
        "n'est sans doute pas entre guillemets."
    ]


@pytest.mark.django_db
def test_names_and_codes_must_pair_up():
    row = marseille_row(communes="13055;13070", names="Marseille")
    errors = import_errors(csv_file(row))
    assert errors == [
        "Ligne 2, colonne « lib_com » : 1 nom(s) pour 2 code(s) dans « insee_com » : donnez "
        "un nom par code, séparés par « ; », dans le même ordre."
    ]


@pytest.mark.django_db
def test_errors_are_all_collected_then_capped_in_the_message():
    rows = [marseille_row(code=f"QX{n:03d}") for n in range(60)]
    with pytest.raises(QpvImportError) as exc_info:
        import_qpv(csv_file(*rows))

    assert len(exc_info.value.errors) == 60
    message = str(exc_info.value)
    assert message.startswith("Import impossible : 60 erreurs, rien n'a été enregistré.")
    assert "Ligne 61, colonne « code_qp »" in exc_info.value.errors[-1]
    assert "Ligne 51," in message
    assert "Ligne 52," not in message
    assert message.endswith("… et 10 autres erreurs.")


# Dry run ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dry_run_counts_but_writes_nothing():
    report = import_qpv(data("qpv_officiel.csv"), data("perimetres.geojson"), dry_run=True)

    assert report.quartiers.created == 10
    assert report.dry_run
    assert "Simulation : rien n'a été enregistré." in report.summary_lines()
    assert not Quartier.objects.exists()
    assert not Region.objects.exists()
    assert not Quartier.communes.through.objects.exists()


# Perimeters -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_perimeters_are_stored_with_their_centre():
    report = import_qpv(data("qpv_officiel.csv"), data("perimetres.geojson"))

    assert report.perimeters == 2
    assert report.unknown_perimeters == ["QN06999I"]
    assert "Périmètres ignorés : 1 (QPV inconnus : QN06999I)" in report.summary_lines()
    montreynaud = Quartier.objects.get(code="QN04201M")
    geometry = json.loads(data("perimetres.geojson"))["features"][0]["geometry"]
    assert montreynaud.perimeter == geometry
    # The hole near the south-west corner pushes the centre north-east of 4.39, 45.46.
    assert montreynaud.longitude == pytest.approx(4.390167, abs=1e-6)
    assert montreynaud.latitude == pytest.approx(45.460167, abs=1e-6)
    assert 4.38 < montreynaud.longitude < 4.40 and 45.45 < montreynaud.latitude < 45.47
    multi = Quartier.objects.get(code="QN01302I")
    assert (multi.longitude, multi.latitude) == pytest.approx((5.52, 43.285))
    assert Quartier.objects.get(code="QN07501M").perimeter is None


@pytest.mark.django_db
def test_perimeters_reimport_is_unchanged():
    import_qpv(data("qpv_officiel.csv"), data("perimetres.geojson"))
    before = snapshot()

    report = import_qpv(data("qpv_officiel.csv"), data("perimetres.geojson"))

    assert report.quartiers.unchanged == 10
    assert snapshot() == before


@pytest.mark.django_db
def test_perimeter_of_a_qpv_only_in_the_base():
    import_qpv(data("qpv_officiel.csv"))

    report = import_qpv(csv_file(marseille_row()), data("perimetres.geojson"))

    assert Quartier.objects.get(code="QN04201M").perimeter is not None
    # Two QPV received a perimeter; the one of the file is unchanged.
    assert (report.quartiers.updated, report.quartiers.unchanged) == (2, 1)


@pytest.mark.django_db
def test_lambert93_perimeters_are_refused_with_a_hint_and_nothing_is_written():
    errors = import_errors(data("qpv_officiel.csv"), data("perimetres_lambert93.geojson"))

    assert len(errors) == 1
    assert errors[0].startswith(
        "Périmètres, entité n° 1 (QN04201M), champ « geometry » : coordonnées hors des bornes"
    )
    assert "Lambert 93 (EPSG:2154)" in errors[0]
    assert "WGS 84 (EPSG:4326)" in errors[0]
    assert not Quartier.objects.exists()


def feature(code="QN04201M", geometry=None):
    square = [[4.38, 45.45], [4.39, 45.45], [4.39, 45.46], [4.38, 45.46], [4.38, 45.45]]
    return {
        "type": "Feature",
        "properties": {"code_qp": code} if code else {},
        "geometry": geometry or {"type": "Polygon", "coordinates": [square]},
    }


def collection(*features, **extra) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features), **extra}).encode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"type": "FeatureCollection", ', "Fichier des périmètres : JSON invalide, ligne 1"),
        (b'{"type": "Feature"}', "le fichier doit être une FeatureCollection GeoJSON"),
        (
            collection(feature(code=None)),
            "Périmètres, entité n° 1 (sans code), champ « code_qp » : propriété absente",
        ),
        (
            collection(feature(code="QN999")),
            "Périmètres, entité n° 1 (QN999), champ « code_qp » : « QN999 » n'est pas un code QPV",
        ),
        (
            collection(feature(geometry={"type": "Point", "coordinates": [4.38, 45.45]})),
            "champ « geometry » : géométrie « Point » : seuls Polygon et MultiPolygon",
        ),
        (
            collection(feature(geometry={"type": "Polygon", "coordinates": [[[4.38]]]})),
            "champ « geometry » : coordonnées mal formées",
        ),
        (
            collection(feature(), feature()),
            "entité n° 2 (QN04201M), champ « code_qp » : ce QPV a déjà un périmètre (entité n° 1)",
        ),
        (
            collection(
                feature(),
                crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}},
            ),
            "déclare le système de coordonnées « urn:ogc:def:crs:EPSG::2154 »",
        ),
        (b"PK\x03\x04shapefile", "archive zip (un shapefile ?)"),
        # Numbers no coordinate has: 4,300 digits and more (Python refuses to read them),
        # a float beyond the largest double.
        (
            collection(feature()).replace(b"4.38", b"4" * 4_301, 1),
            "entité n° 1 (QN04201M), champ « geometry » : nombre trop long pour une "
            "coordonnée (444444444444… (4301 caractères))",
        ),
        (
            collection(feature()).replace(b"4.38", b"4" * 400, 1),
            "champ « geometry » : nombre trop long pour une coordonnée",
        ),
        (
            collection(feature()).replace(b"4.38", b"4." + b"4" * 5_000, 1),
            "champ « geometry » : nombre trop long pour une coordonnée",
        ),
        (
            collection(feature()).replace(b"4.38", b"4e999", 1),
            "champ « geometry » : coordonnées mal formées",
        ),
    ],
)
def test_perimeter_errors(content, expected):
    errors = import_errors(data("qpv_officiel.csv"), content)
    assert len(errors) == 1
    assert expected in errors[0]
    assert not Quartier.objects.exists()


def test_centroid_of_a_square():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]}
    assert centroid(square) == pytest.approx((1, 1))


def test_centroid_ignores_orientation_and_a_missing_closing_vertex():
    clockwise = {"type": "Polygon", "coordinates": [[[0, 0], [0, 2], [2, 2], [2, 0]]]}
    assert centroid(clockwise) == pytest.approx((1, 1))


def test_centroid_subtracts_holes():
    outer = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]
    # 16 - 4 = 12 units: (16·2 - 4·1) / 12 = 7/3 on both axes.
    assert centroid({"type": "Polygon", "coordinates": [outer, hole]}) == pytest.approx(
        (7 / 3, 7 / 3)
    )


def test_centroid_weighs_the_parts_of_a_multipolygon_by_area():
    small = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    large = [[10, 0], [13, 0], [13, 3], [10, 3], [10, 0]]
    # Areas 1 and 9: x = (0.5 + 9·11.5) / 10.
    multi = {"type": "MultiPolygon", "coordinates": [[small], [large]]}
    assert centroid(multi) == pytest.approx((10.4, 1.4))


def test_centroid_of_a_flat_ring_is_the_mean_of_its_vertices():
    flat = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [2, 2], [0, 0]]]}
    assert centroid(flat) == pytest.approx((1, 1))


# The command ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_prints_the_summary_in_french():
    out = StringIO()
    call_command(
        "import_qpv",
        str(DATA / "qpv_officiel.csv"),
        perimetres=str(DATA / "perimetres.geojson"),
        stdout=out,
    )
    output = out.getvalue()
    assert "10 lignes lues." in output
    assert "Quartiers : 10 créés, 0 modifié, 0 inchangé" in output
    assert "Régions : 6 créées, 0 modifiée, 0 inchangée" in output
    assert "Périmètres ignorés : 1 (QPV inconnus : QN06999I)" in output
    assert "Import terminé." in output


@pytest.mark.django_db
def test_command_dry_run_says_so():
    out = StringIO()
    call_command("import_qpv", str(DATA / "qpv_officiel.csv"), dry_run=True, stdout=out)
    assert "Simulation : rien n'a été enregistré." in out.getvalue()
    assert not Quartier.objects.exists()


@pytest.mark.django_db
def test_command_fails_with_the_errors():
    with pytest.raises(CommandError) as exc_info:
        call_command("import_qpv", str(DATA / "qpv_erreurs.csv"), stdout=StringIO())
    assert exc_info.value.returncode == 1
    assert "Ligne 3, colonne « code_qp »" in str(exc_info.value)
    assert not Quartier.objects.exists()


@pytest.mark.django_db
def test_command_with_a_missing_file():
    with pytest.raises(CommandError, match="Impossible de lire"):
        call_command("import_qpv", str(DATA / "absent.csv"), stdout=StringIO())


# Volume -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_synthetic_1600_rows_import_then_reimport_unchanged(django_assert_max_num_queries):
    content = synthetic_qpv_csv(1600)

    with django_assert_max_num_queries(40):
        report = import_qpv(content)
    assert report.quartiers.created == Quartier.objects.count() == 1600
    assert Quartier.objects.filter(generation=2015).exists()
    assert Quartier.communes.through.objects.count() > 1600  # some QPV span two communes

    with django_assert_max_num_queries(15):
        again = import_qpv(content)
    assert again.quartiers.unchanged == 1600
    assert again.communes.created == again.communes.updated == 0


@pytest.mark.django_db
def test_queries_grow_only_with_batches():
    def queries(rows: int) -> int:
        with CaptureQueriesContext(connection) as context, transaction.atomic():
            import_qpv(synthetic_qpv_csv(rows))
            transaction.set_rollback(True)
        return len(context)

    # A fixed set of reads, then one INSERT per table and per batch of rows (a few
    # hundred rows on SQLite, tens of thousands on PostgreSQL): never one per row.
    assert queries(400) - queries(100) <= 6


# Properties -------------------------------------------------------------------------------


def import_in_savepoint(content: bytes):
    """Import, then roll back, so that each Hypothesis example starts from an empty base."""
    with transaction.atomic():
        try:
            return import_qpv(content)
        except QpvImportError as exc:
            assert exc.errors
            assert all(isinstance(message, str) and message for message in exc.errors)
            return None
        finally:
            transaction.set_rollback(True)


@pytest.mark.django_db
@settings(
    max_examples=75, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.binary(max_size=2000))
def test_any_bytes_give_a_report_or_import_errors(content):
    import_in_savepoint(content)


_CSV_ALPHABET = st.sampled_from([*list(";,\t\"='\r\n QNP0123456789ABIMéÉ"), "QN01301M", "13055"])


@pytest.mark.django_db
@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.lists(_CSV_ALPHABET, max_size=200).map("".join), header=st.booleans())
def test_any_text_under_the_header_gives_a_report_or_import_errors(body, header):
    import_in_savepoint(((HEADER + "\n") if header else "").encode() + body.encode())


# Valid pieces: départements with their régions, and names a cp1252 file can hold.
DEPARTEMENTS = [
    ("13", "Bouches-du-Rhône", "93", PACA),
    ("2A", "Corse-du-Sud", "94", "Corse"),
    ("974", "La Réunion", "04", "La Réunion"),
    ("01", "Ain", "84", "Auvergne-Rhône-Alpes"),
]
NAMES = ["Les Tilleuls", "Cœur de ville", 'La "Cité"; Nord, Sud', "L'Île-Saint-Étienne", "Été"]
SIRENS = ["200054807", "200054781", "244200770", "242010056"]


def commune_code(departement: str, number: int) -> str:
    return f"{departement}{number:02d}" if len(departement) == 3 else f"{departement}{number:03d}"


@st.composite
def qpv_lists(draw):
    """Consistent QPV: a commune's name and EPCI depend on its code only."""
    qpvs = {}
    for _index in range(draw(st.integers(1, 6))):
        dep, dep_name, region, region_name = draw(st.sampled_from(DEPARTEMENTS))
        number = draw(st.integers(1, 99))
        if draw(st.booleans()):
            code = f"QP{dep.zfill(3)}{number:03d}"
        else:
            code = f"QN{dep.zfill(3)}{number:02d}{draw(st.sampled_from('NMI'))}"
        numbers = draw(st.lists(st.integers(1, 40), min_size=1, max_size=3, unique=True))
        communes = [commune_code(dep, n) for n in numbers]
        qpvs[code] = {
            "code_qp": code,
            "lib_qp": draw(st.sampled_from(NAMES)),
            "insee_reg": region,
            "lib_reg": region_name,
            "insee_dep": dep,
            "lib_dep": dep_name,
            "communes": communes,
            "epcis": [SIRENS[n % len(SIRENS)] for n in numbers],
        }
    return list(qpvs.values())


def commune_name(code: str) -> str:
    return f"Sainte-Œuvre — {code}"


def write_cell(value: str, style: str) -> str:
    if style == "formula":
        return f'="{value}"'
    if style == "apostrophe":
        return f"'{value}"
    # « number »: what a spreadsheet makes of a numeric code.
    return str(int(value)) if value.isdigit() and ";" not in value else value


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    qpvs=qpv_lists(),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    newline=st.sampled_from(["\n", "\r\n"]),
    columns=st.permutations(COLUMNS),
    style=st.sampled_from(["formula", "apostrophe", "number"]),
)
def test_valid_rows_in_any_spreadsheet_dress_import_exactly(
    qpvs, delimiter, encoding, newline, columns, style
):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(columns)
    for qpv in qpvs:
        # One EPCI per commune, in the same order (commune i → EPCI i).
        cells = {
            **qpv,
            "insee_reg": write_cell(qpv["insee_reg"], style),
            "insee_dep": write_cell(qpv["insee_dep"], style),
            "insee_com": write_cell(";".join(qpv["communes"]), style),
            "lib_com": "; ".join(commune_name(code) for code in qpv["communes"]),
            "siren_epci": write_cell(";".join(qpv["epcis"]), style),
            "lib_epci": "; ".join(f"EPCI {siren}" for siren in qpv["epcis"]),
        }
        writer.writerow([cells[name] for name in columns])
    content = buffer.getvalue().encode(encoding)

    with transaction.atomic():
        report = import_qpv(content)
        assert report.quartiers.created == len(qpvs)
        for qpv in qpvs:
            quartier = Quartier.objects.get(code=qpv["code_qp"])
            assert quartier.name == qpv["lib_qp"]
            assert quartier.departement.code == qpv["insee_dep"]
            assert quartier.generation == (2015 if qpv["code_qp"].startswith("QP") else 2024)
            assert quartier.epci.siren == qpv["epcis"][0]
            communes = {c.code: c for c in quartier.communes.select_related("epci")}
            assert sorted(communes) == sorted(qpv["communes"])
            for code, siren in zip(qpv["communes"], qpv["epcis"], strict=True):
                assert communes[code].name == commune_name(code)
                assert communes[code].epci.siren == siren
        assert import_qpv(content).quartiers.unchanged == len(qpvs)
        transaction.set_rollback(True)
