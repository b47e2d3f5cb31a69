"""Read the official QPV list: a CSV exported from a spreadsheet, as it is really published.

The file is read into plain ``QpvRow`` objects; nothing here touches the database. Every
problem is added to an ``ErrorList`` with its physical line (header = line 1) and column.
"""

import codecs
import csv
import dataclasses
import io
import re
import unicodedata
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from quartiers.importers.errors import ErrorList
from quartiers.validators import (
    DEPARTEMENT_RE,
    normalize_code,
    qpv_departement,
    qpv_generation,
    validate_commune_code,
    validate_departement_code,
    validate_qpv_code,
    validate_region_code,
    validate_siren,
)

# The published layout; every column is required, others are ignored.
COLUMNS = (
    "code_qp",
    "lib_qp",
    "insee_reg",
    "lib_reg",
    "insee_dep",
    "lib_dep",
    "insee_com",
    "lib_com",
    "siren_epci",
    "lib_epci",
)
EXPECTED_HEADER = ";".join(COLUMNS)
# ";" is the French spreadsheet default; "," and tab are other export choices.
DELIMITERS = (";", ",", "\t")
# Inside one cell, a QPV on several communes (or EPCI) lists them separated by ";".
MULTI_VALUE_SEPARATOR = ";"
# The longest names the models accept (see quartiers/models/territories.py).
MAX_LENGTHS = {"lib_qp": 200, "lib_reg": 100, "lib_dep": 100, "lib_com": 150, "lib_epci": 200}

# A spreadsheet text formula, ="60057", which keeps leading zeros when the file is reopened.
_FORMULA_RE = re.compile(r'^=\s*"(.*)"$', re.DOTALL)
_ZIP_MAGIC = b"PK\x03\x04"  # .xlsx and .ods are zip archives
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls
# Text may hold a few stray control characters; binary data is full of them.
_MAX_CONTROL_RATIO = 0.01


@dataclasses.dataclass(frozen=True)
class QpvRow:
    """One line of the file, checked and normalised."""

    line: int
    code: str
    name: str
    region_code: str
    region_name: str
    departement_code: str
    departement_name: str
    communes: tuple[tuple[str, str], ...]  # (code INSEE, name), in file order
    epcis: tuple[tuple[str, str], ...]  # (SIREN, name), in file order; may be empty

    def same_data(self, other: "QpvRow") -> bool:
        return dataclasses.replace(self, line=0) == dataclasses.replace(other, line=0)


def read_qpv_csv(data: bytes, errors: ErrorList) -> list[QpvRow]:
    """The valid rows of the file; every problem found is added to ``errors``."""
    text = _decode(data, errors)
    if text is None:
        return []
    lines = io.StringIO(text, newline="")
    header = _read_header(lines, errors)
    if header is None:
        return []
    header_line, delimiter, columns, width = header
    reader = csv.reader(lines, delimiter=delimiter)
    rows = []
    consumed = header_line  # physical lines read so far
    try:
        for cells in reader:
            line = consumed + 1
            consumed = header_line + reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # blank line
            row = _read_row(line, cells, columns, width, errors)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        errors.at_line(consumed + 1, None, _("CSV illisible (%(reason)s).") % {"reason": exc})
        return rows
    if not rows and not errors:
        errors.add(_("Le fichier ne contient que l'en-tête : aucun QPV à importer."))
    return rows


# Decoding -------------------------------------------------------------------------------


def _decode(data: bytes, errors: ErrorList) -> str | None:
    """The file's text: UTF-8 (with or without BOM), else Windows-1252, else UTF-16 with BOM."""
    if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        errors.add(
            _(
                "Le fichier est un classeur (xlsx, xls ou ods) ou une archive, pas un CSV : "
                "ouvrez-le dans le tableur et enregistrez-le au format CSV (séparateur « ; »)."
            )
        )
        return None
    text = _decode_text(data)
    if text is None or _looks_binary(text):
        errors.add(
            _(
                "Le fichier n'est pas un fichier texte : exportez la liste des QPV au format "
                "CSV (séparateur « ; ») depuis le tableur."
            )
        )
        return None
    if not text.strip():
        errors.add(_("Le fichier est vide."))
        return None
    return text


def _decode_text(data: bytes) -> str | None:
    # Excel's « Texte Unicode » export is UTF-16 with a byte order mark.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    elif b"\x00" in data:
        return None
    else:
        # Any UTF-8 file decodes as UTF-8; Windows-1252 is what older Excel writes in France.
        data = data.removeprefix(codecs.BOM_UTF8)
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(
        1 for char in sample if char not in "\t\n\r" and unicodedata.category(char) == "Cc"
    )
    return "\x00" in sample or controls > _MAX_CONTROL_RATIO * len(sample)


# Header ---------------------------------------------------------------------------------


def _read_header(lines: io.StringIO, errors: ErrorList) -> tuple[int, str, dict, int] | None:
    """(line number, delimiter, column name → cell index, number of header cells), or None
    after adding the error."""
    line_number = 0
    for raw in lines:
        line_number += 1
        if raw.strip():
            break
    delimiter, names = _best_delimiter(raw)
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        columns.setdefault(name, index)  # a repeated column: the first one counts
    missing = [name for name in COLUMNS if name not in columns]
    if missing:
        errors.at_line(
            line_number,
            None,
            _(
                "colonnes manquantes : %(missing)s. La première ligne doit être l'en-tête "
                "de la liste officielle : %(expected)s."
            )
            % {
                "missing": ", ".join(f"« {name} »" for name in missing),
                "expected": EXPECTED_HEADER,
            },
        )
        return None
    return line_number, delimiter, columns, len(names)


def _best_delimiter(header: str) -> tuple[str, list[str]]:
    """The delimiter under which the header names the most expected columns (";" on a tie)."""
    best = None
    for delimiter in DELIMITERS:
        names = [_header_name(cell) for cell in next(csv.reader([header], delimiter=delimiter))]
        score = len(set(names) & set(COLUMNS))
        if best is None or score > best[0]:
            best = (score, delimiter, names)
    return best[1], best[2]


def _header_name(cell: str) -> str:
    return _unwrap(cell).strip().strip("\"'").strip().lower()


# Rows -----------------------------------------------------------------------------------


def _read_row(
    line: int, cells: list[str], columns: dict, width: int, errors: ErrorList
) -> QpvRow | None:
    """The row, or None when it has errors (all of them are added to ``errors``)."""
    if any(cell.strip() for cell in cells[width:]):
        # More cells than the header: the columns are shifted, reading on would mislead.
        errors.at_line(
            line,
            None,
            _(
                "%(count)d cellules au lieu de %(expected)d : une cellule qui contient "
                "le séparateur n'est sans doute pas entre guillemets."
            )
            % {"count": len(cells), "expected": width},
        )
        return None
    found = ErrorList()

    def cell(name: str) -> str:
        index = columns[name]
        return _unwrap(cells[index]) if index < len(cells) else ""

    def checked(name: str, value: str, validate: Callable) -> str:
        try:
            validate(value)
        except ValidationError as exc:
            found.at_line(line, name, exc.messages[0])
        return value

    code = checked("code_qp", _code(cell("code_qp")), _required(validate_qpv_code))
    name = _name(cell("lib_qp"), "lib_qp", line, found)
    region_code = checked(
        "insee_reg", _pad(_code(cell("insee_reg")), 2), _required(validate_region_code)
    )
    region_name = _name(cell("lib_reg"), "lib_reg", line, found)
    departement_code = checked(
        "insee_dep", _pad(_code(cell("insee_dep")), 2), _required(validate_departement_code)
    )
    departement_name = _name(cell("lib_dep"), "lib_dep", line, found)
    if qpv_generation(code) and DEPARTEMENT_RE.match(departement_code):
        _check_qpv_in_departement(code, departement_code, line, found)
    commune_codes = [
        checked("insee_com", _pad(_code(value), 5), validate_commune_code)
        for value in _split(cell("insee_com"))
    ]
    if not commune_codes:
        found.at_line(line, "insee_com", _required_message())
    _check_no_repeat(commune_codes, "insee_com", line, found)
    communes = _pair(commune_codes, "insee_com", cell("lib_com"), "lib_com", line, found)
    sirens = [
        checked("siren_epci", _code(value), validate_siren) for value in _split(cell("siren_epci"))
    ]
    epcis = _pair(sirens, "siren_epci", cell("lib_epci"), "lib_epci", line, found)
    if found:
        errors.extend(found)
        return None
    return QpvRow(
        line=line,
        code=code,
        name=name,
        region_code=region_code,
        region_name=region_name,
        departement_code=departement_code,
        departement_name=departement_name,
        communes=communes,
        epcis=epcis,
    )


def _unwrap(value: str) -> str:
    """The cell's text: ``="60057"`` (a spreadsheet text formula) gives ``60057``."""
    value = value.strip()
    match = _FORMULA_RE.match(value)
    if match:
        value = match.group(1).replace('""', '"').strip()
    return value


def _code(value: str) -> str:
    """A code as the validators expect it: no spaces (« 200 054 807 »), no leading
    apostrophe (a spreadsheet's « text » marker), upper-case."""
    return normalize_code("".join(value.split()).removeprefix("'"))


def _pad(code: str, width: int) -> str:
    """Put back the leading zero a spreadsheet drops from numbers: 1 → 01, 1053 → 01053."""
    if code.isdigit() and len(code) == width - 1:
        return "0" + code
    return code


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(MULTI_VALUE_SEPARATOR) if part.strip()]


def _required(validate: Callable) -> Callable:
    def check(value):
        if not value:
            raise ValidationError(_required_message())
        validate(value)

    return check


def _required_message() -> str:
    return _("cellule vide, valeur obligatoire.")


def _name(value: str, column: str, line: int, found: ErrorList) -> str:
    if not value:
        found.at_line(line, column, _required_message())
    elif len(value) > MAX_LENGTHS[column]:
        found.at_line(
            line,
            column,
            _("nom trop long (%(length)d caractères, %(max)d au plus).")
            % {"length": len(value), "max": MAX_LENGTHS[column]},
        )
    return value


def _check_qpv_in_departement(code: str, departement: str, line: int, found: ErrorList) -> None:
    # The QPV code carries its département (QN013… is in the 13): a mismatch means a
    # shifted column or a typo, which would attach the QPV to the wrong place.
    if qpv_departement(code) != departement:
        found.at_line(
            line,
            "code_qp",
            _(
                "le code %(code)s désigne le département %(coded)s, mais la colonne "
                "« insee_dep » indique %(departement)s."
            )
            % {"code": code, "coded": qpv_departement(code), "departement": departement},
        )


def _check_no_repeat(codes: list[str], column: str, line: int, found: ErrorList) -> None:
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        found.at_line(
            line,
            column,
            _("%(codes)s cité plusieurs fois dans la même cellule.")
            % {"codes": ", ".join(repeated)},
        )


def _pair(
    codes: list[str], code_column: str, names_cell: str, name_column: str, line: int, found
) -> tuple[tuple[str, str], ...]:
    """Match the codes of one cell with the names of another, in the same order."""
    names = _split(names_cell)
    if len(names) != len(codes):
        found.at_line(
            line,
            name_column,
            _(
                "%(names)d nom(s) pour %(codes)d code(s) dans « %(code_column)s » : donnez un "
                "nom par code, séparés par « ; », dans le même ordre."
            )
            % {"names": len(names), "codes": len(codes), "code_column": code_column},
        )
        return ()
    for name in names:
        _name(name, name_column, line, found)
    return tuple(zip(codes, names, strict=True))
