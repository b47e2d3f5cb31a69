"""A synthetic QPV list in the official layout, to benchmark and test ``import_qpv``.

The codes are valid and the names look real, but the list is invented: never load it as
the official one. The same ``rows`` and ``seed`` always give the same bytes.
"""

import random
from pathlib import Path

from quartiers.importers.qpv_csv import COLUMNS

_PACA = "Provence-Alpes-Côte d'Azur"
_ARA = "Auvergne-Rhône-Alpes"
_BFC = "Bourgogne-Franche-Comté"
_IDF = "Île-de-France"
_CVL = "Centre-Val de Loire"
# Real départements with their régions: (code, name, région code, région name).
DEPARTEMENTS = [
    ("01", "Ain", "84", _ARA),
    ("06", "Alpes-Maritimes", "93", _PACA),
    ("13", "Bouches-du-Rhône", "93", _PACA),
    ("21", "Côte-d'Or", "27", _BFC),
    ("25", "Doubs", "27", _BFC),
    ("2A", "Corse-du-Sud", "94", "Corse"),
    ("2B", "Haute-Corse", "94", "Corse"),
    ("29", "Finistère", "53", "Bretagne"),
    ("31", "Haute-Garonne", "76", "Occitanie"),
    ("33", "Gironde", "75", "Nouvelle-Aquitaine"),
    ("34", "Hérault", "76", "Occitanie"),
    ("35", "Ille-et-Vilaine", "53", "Bretagne"),
    ("37", "Indre-et-Loire", "24", _CVL),
    ("38", "Isère", "84", _ARA),
    ("42", "Loire", "84", _ARA),
    ("44", "Loire-Atlantique", "52", "Pays de la Loire"),
    ("45", "Loiret", "24", _CVL),
    ("51", "Marne", "44", "Grand Est"),
    ("57", "Moselle", "44", "Grand Est"),
    ("59", "Nord", "32", "Hauts-de-France"),
    ("62", "Pas-de-Calais", "32", "Hauts-de-France"),
    ("67", "Bas-Rhin", "44", "Grand Est"),
    ("69", "Rhône", "84", _ARA),
    ("75", "Paris", "11", _IDF),
    ("76", "Seine-Maritime", "28", "Normandie"),
    ("93", "Seine-Saint-Denis", "11", _IDF),
    ("94", "Val-de-Marne", "11", _IDF),
    ("95", "Val-d'Oise", "11", _IDF),
    ("971", "Guadeloupe", "01", "Guadeloupe"),
    ("972", "Martinique", "02", "Martinique"),
    ("974", "La Réunion", "04", "La Réunion"),
    ("976", "Mayotte", "06", "Mayotte"),
]
QUARTIER_NAMES = [
    "Les Tilleuls",
    "La Source",
    "Bellevue",
    "Les Aubiers",
    "Le Chemin Vert",
    "Les Bosquets",
    "La Grande Borne",
    "Saint-Jacques",
    "Les Épis",
    "Le Mas du Taureau",
    "La Paillade",
    "Les Hauts de Garonne",
    "Le Val Fourré",
    "La Duchère",
    "Les Minguettes",
    "Croix-Rouge",
    "Le Plateau",
    "Les Pyramides",
    "La Noue",
    "Les Cités Jardins",
    "Centre ancien",
    "Gare - Faubourg",
    "Les Coteaux",
    "Le Bois l'Abbé",
]
_COMMUNE_ROOTS = [
    "Saint-Martin",
    "Villeneuve",
    "Montreuil",
    "Beaulieu",
    "Fontaine",
    "Sainte-Croix",
    "Neuville",
    "Pont",
    "Châteauneuf",
    "Bourg",
    "Mont",
    "Roche",
]
_COMMUNE_SUFFIXES = [
    "",
    "-sur-Loire",
    "-le-Vieux",
    "-la-Forêt",
    "-les-Bains",
    "-en-Plaine",
    "-d'en-Haut",
    "-sur-Mer",
]
COMMUNES_PER_DEPARTEMENT = 24
# Every MULTI_COMMUNE_EVERY-th QPV spans two communes; every TENTH is a 2015 code.
MULTI_COMMUNE_EVERY = 8


def synthetic_qpv_csv(rows: int, *, seed: int = 0) -> bytes:
    """``rows`` QPV in the published layout: ";" separated, CRLF, UTF-8 with BOM, codes as
    spreadsheet text formulas (``="42218"``), some QPV on two communes (and two EPCI)."""
    rng = random.Random(seed)
    communes = {dep[0]: _communes(dep[0], rng) for dep in DEPARTEMENTS}
    lines = [";".join(COLUMNS)]
    lines += [_csv_line(_row(index, communes, rng)) for index in range(rows)]
    return "\r\n".join([*lines, ""]).encode("utf-8-sig")


def write_synthetic_qpv_csv(path: str | Path, rows: int, *, seed: int = 0) -> Path:
    path = Path(path)
    path.write_bytes(synthetic_qpv_csv(rows, seed=seed))
    return path


def _row(index: int, communes: dict, rng: random.Random) -> list[str]:
    dep_code, dep_name, region_code, region_name = DEPARTEMENTS[index % len(DEPARTEMENTS)]
    number = index // len(DEPARTEMENTS) + 1  # this QPV's rank in its département
    chosen = rng.sample(communes[dep_code], 2 if index % MULTI_COMMUNE_EVERY == 0 else 1)
    epcis = []
    for commune_index, _name in chosen:
        epci = _epci(dep_code, dep_name, commune_index % 2)
        if epci not in epcis:
            epcis.append(epci)
    if len(epcis) != len(chosen):
        epcis = epcis[:1]  # one EPCI for all its communes
    return [
        _qpv_code(dep_code, number, index),
        rng.choice(QUARTIER_NAMES),
        _formula(region_code),
        region_name,
        _formula(dep_code),
        dep_name,
        _formula(";".join(_commune_code(dep_code, i) for i, _name in chosen)),
        "; ".join(name for _i, name in chosen),
        _formula(";".join(siren for siren, _name in epcis)),
        "; ".join(name for _siren, name in epcis),
    ]


def _qpv_code(dep_code: str, number: int, index: int) -> str:
    dep3 = dep_code.zfill(3)
    if index % 10 == 9 or number > 99:  # the 2024 order number has two digits
        return f"QP{dep3}{number:03d}"
    return f"QN{dep3}{number:02d}{'NMI'[index % 3]}"


def _communes(dep_code: str, rng: random.Random) -> list[tuple[int, str]]:
    return [
        (i, rng.choice(_COMMUNE_ROOTS) + rng.choice(_COMMUNE_SUFFIXES))
        for i in range(1, COMMUNES_PER_DEPARTEMENT + 1)
    ]


def _commune_code(dep_code: str, index: int) -> str:
    return f"{dep_code}{index:02d}" if len(dep_code) == 3 else f"{dep_code}{index:03d}"


def _epci(dep_code: str, dep_name: str, number: int) -> tuple[str, str]:
    dep_index = next(i for i, dep in enumerate(DEPARTEMENTS) if dep[0] == dep_code)
    siren = _luhn_complete(f"2000{dep_index:02d}{number:02d}")
    kind = "Métropole" if number == 0 else "Communauté d'agglomération"
    return siren, f"{kind} {dep_name} {number + 1}"


def _luhn_complete(prefix: str) -> str:
    """``prefix`` (8 digits) and the check digit that makes a valid SIREN."""
    for digit in "0123456789":
        total = 0
        for position, char in enumerate(reversed(prefix + digit)):
            value = int(char)
            if position % 2:
                value = value * 2 - 9 if value > 4 else value * 2
            total += value
        if total % 10 == 0:
            return prefix + digit
    raise AssertionError("a Luhn check digit always exists")


def _formula(value: str) -> str:
    """A spreadsheet text formula, as the official export writes codes."""
    return f'="{value}"'


def _csv_line(cells: list[str]) -> str:
    # Like the official export: only cells holding the separator are quoted, so a lone
    # code stays ="42218" and a list becomes "=""42218;42207""".
    return ";".join('"' + cell.replace('"', '""') + '"' if ";" in cell else cell for cell in cells)
