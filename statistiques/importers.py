"""Import INSEE's statistics of the QPV: one zip per theme and year.

A zip holds a data file (``…_QP.csv``, ``…_QP24.csv``…: one row per QPV, the key column
``CODGEO``), often a benchmark file (``…_ENSQP.csv``…: the same columns, ``CODGEO`` ``00``
for all QPV together) and a ``meta_…csv`` file naming each variable
(``COD_VAR;LIB_VAR;COD_MOD;LIB_MOD;TYPE_VAR;LONG_VAR``). Files are read by their header
and the meta file, never by position: UTF-8 (with or without BOM) or Windows-1252, CRLF
or LF, ``;`` separator, decimal comma, ``s``/``nd``/``ns``/``so`` for secret or missing.

``import_quartier_data`` works in three steps, like ``quartiers.importers.import_qpv``:
read every zip into plain rows, collecting every located error; plan against the rows
already stored (a fixed number of queries); write in bulk, all zips in one transaction.
Any error: nothing is written. Running it twice changes nothing the second time; a newer
vintage adds values beside the older ones. A well-formed code of a QPV not in the
database is counted and reported (INSEE files cover every QPV), not an error.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import re
import zipfile
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qic.numbers import NumberError, parse_decimal
from quartiers.importers.errors import QpvImportError
from quartiers.models import Quartier
from quartiers.validators import QPV_2015_RE, QPV_2024_RE, normalize_code
from statistiques.enums import Secrecy
from statistiques.models import (
    VALUE_DECIMAL_PLACES,
    VALUE_MAX_DIGITS,
    StatImport,
    StatSource,
    StatValue,
    Variable,
)

Source = bytes | str | os.PathLike | BinaryIO

BATCH_SIZE = 500
MAX_SHOWN_ERRORS = 50
MAX_LISTED_CODES = 10
KEY_COLUMN = "CODGEO"
BENCHMARK_CODE = "00"
# Files larger than this inside a zip are refused (a QPV file is a few hundred KB).
MAX_MEMBER_BYTES = 50 * 1024 * 1024

DATA_FILE_RE = re.compile(r"_QP\d*\.csv$", re.IGNORECASE)
BENCHMARK_FILE_RE = re.compile(r"_ENSQP\d*\.csv$", re.IGNORECASE)
META_FILE_RE = re.compile(r"^meta_.*\.csv$", re.IGNORECASE)
# The vintage at the end of a column: DISP_MED_A21, NB_DEFM_A2024, PART_X_2023.
VINTAGE_SUFFIX_RE = re.compile(r"_A(\d{2}|\d{4})$|_((?:19|20)\d{2})$")
# A year in a file name: revenus_pauvrete_2021_qp24_csv.zip, DEFM2024_QP24_csv.zip.
FILE_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# Columns that describe a row rather than measure it, when the meta file does not say.
DESCRIPTIVE_RE = re.compile(
    r"^(LIBGEO|LIB_?[A-Z0-9_]*|NOM_?[A-Z0-9_]*|COD(E)?_?(COM|DEP|REG|EPCI|ARR)[A-Z0-9_]*|"
    r"COM|DEP|REG|EPCI|COMMUNES?|DEPCOM|CODCOM|LISTE_[A-Z0-9_]*)$"
)
SECRECY_MARKS = {mark.value: mark for mark in Secrecy if mark.value}
# Themes known by the name of their zip; others are named after the file.
THEMES = [
    (re.compile(r"revenu|pauvret|filosofi", re.I), "Revenus et pauvreté"),
    (re.compile(r"defm|demandeur|emploi|france_?travail", re.I), "Demandeurs d'emploi"),
    (re.compile(r"caf|allocataire|prestation", re.I), "Allocataires de la CAF"),
    (re.compile(r"brevet|dnb", re.I), "Réussite au brevet"),
    (re.compile(r"scol|educ|eleve|college", re.I), "Scolarisation"),
    (re.compile(r"logement|rpls|hlm", re.I), "Logement social"),
    (re.compile(r"entreprise|etablissement|sirene", re.I), "Entreprises"),
    (re.compile(r"sante|css|cmu|assurance", re.I), "Couverture santé"),
    (re.compile(r"pop|demograph|recensement", re.I), "Population"),
]
VALUE_STEP = Decimal(1).scaleb(-VALUE_DECIMAL_PLACES)


class StatImportError(QpvImportError):
    """The zips cannot be imported; nothing was written. ``errors`` lists every problem."""


# Reading ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Cell:
    code: str  # the variable's code, vintage removed
    vintage: int
    value: Decimal | None
    secrecy: str


@dataclasses.dataclass
class ParsedZip:
    name: str
    theme: str
    labels: dict[str, str]  # variable code (vintage removed) → label
    qpv_rows: dict[str, list[Cell]] = dataclasses.field(default_factory=dict)
    benchmark: list[Cell] = dataclasses.field(default_factory=list)
    files: list[str] = dataclasses.field(default_factory=list)


class Errors:
    def __init__(self):
        self.messages: list[str] = []

    def __bool__(self):
        return bool(self.messages)

    def add(self, message: str) -> None:
        self.messages.append(message)

    def at(self, file: str, line: int | None, column: str | None, message: str) -> None:
        if line is not None and column:
            where = _("%(file)s, ligne %(line)d, colonne « %(column)s »") % {
                "file": file,
                "line": line,
                "column": column,
            }
        elif line is not None:
            where = _("%(file)s, ligne %(line)d") % {"file": file, "line": line}
        else:
            where = file
        self.add(f"{where} : {message}")

    def raise_if_any(self) -> None:
        if self.messages:
            raise StatImportError(self.messages)


def theme_of(name: str) -> str:
    stem = PurePosixPath(name).name
    for pattern, label in THEMES:
        if pattern.search(stem):
            return label
    stem = re.sub(r"(_?csv)?\.zip$", "", stem, flags=re.I)
    stem = re.sub(r"_?(qp\d*|(19|20)\d{2})", "", stem, flags=re.I).strip("_ -")
    return (stem.replace("_", " ").capitalize() or _("Autres données"))[:120]


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (which reads any byte but five)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def split_vintage(column: str) -> tuple[str, int | None]:
    match = VINTAGE_SUFFIX_RE.search(column)
    if not match:
        return column, None
    digits = match.group(1) or match.group(2)
    year = int(digits) if len(digits) == 4 else 2000 + int(digits)
    return column[: match.start()], year


def year_in(name: str) -> int | None:
    years = FILE_YEAR_RE.findall(PurePosixPath(name).name)
    return int(years[0]) if years else None


def read_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def read_meta(name: str, data: bytes, errors: Errors) -> tuple[dict[str, str], set, set]:
    """Labels by column (as written, and with its vintage removed), the columns the meta
    file says are numbers and those it says are text."""
    rows = read_rows(decode(data))
    if not rows:
        return {}, set(), set()
    header = [cell.strip().upper() for cell in rows[0]]
    if "COD_VAR" not in header or "LIB_VAR" not in header:
        errors.at(name, 1, None, _("les colonnes COD_VAR et LIB_VAR sont attendues."))
        return {}, set(), set()
    code_at, label_at = header.index("COD_VAR"), header.index("LIB_VAR")
    type_at = header.index("TYPE_VAR") if "TYPE_VAR" in header else None
    labels, numbers, texts = {}, set(), set()
    for row in rows[1:]:
        if len(row) <= max(code_at, label_at):
            continue
        code, label = row[code_at].strip().upper(), row[label_at].strip()
        if not code:
            continue
        if label:
            labels.setdefault(code, label)
            labels.setdefault(split_vintage(code)[0], label)
        if type_at is not None and len(row) > type_at:
            kind = row[type_at].strip().upper()
            if kind.startswith("NUM"):
                numbers.add(code)
            elif kind.startswith(("CHAR", "TEXT", "STR")):
                texts.add(code)
    return labels, numbers, texts


# The common case, read without the checks of parse_decimal: « 14520,5 », « -3 », « 0.25 ».
_PLAIN_NUMBER_RE = re.compile(r"-?\d{1,14}(?:[.,]\d{1,4})?")


def read_value(text: str) -> tuple[Decimal | None, str]:
    """The value and its secrecy mark; raises ``NumberError``."""
    cleaned = text.strip()
    if _PLAIN_NUMBER_RE.fullmatch(cleaned):
        return Decimal(cleaned.replace(",", ".")), ""
    mark = SECRECY_MARKS.get(cleaned.lower())
    if mark:
        return None, mark.value
    value = parse_decimal(cleaned, max_digits=VALUE_MAX_DIGITS + 12, decimal_places=12)
    value = value.quantize(VALUE_STEP, rounding=ROUND_HALF_EVEN)
    if abs(value) >= Decimal(10) ** (VALUE_MAX_DIGITS - VALUE_DECIMAL_PLACES):
        raise NumberError(_("nombre trop grand."))
    return value, ""


def read_table(
    name: str,
    data: bytes,
    *,
    benchmark: bool,
    meta_numbers: set,
    meta_texts: set,
    vintage: int | None,
    errors: Errors,
) -> dict[str, list[Cell]]:
    """Rows of a data or benchmark file, by QPV code (``00`` for the benchmark)."""
    rows = read_rows(decode(data))
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
    if not rows:
        errors.at(name, None, None, _("le fichier est vide."))
        return {}
    header = [cell.strip().upper() for cell in rows[0]]
    if KEY_COLUMN not in header:
        errors.at(
            name,
            1,
            None,
            _("la colonne %(key)s (code du quartier) est absente de l'en-tête.")
            % {"key": KEY_COLUMN},
        )
        return {}
    key_at = header.index(KEY_COLUMN)
    columns = []  # (index, header, code, vintage)
    for index, column in enumerate(header):
        if index == key_at or not column:
            continue
        if column in meta_texts or (column not in meta_numbers and DESCRIPTIVE_RE.match(column)):
            continue
        code, column_vintage = split_vintage(column)
        column_vintage = column_vintage or vintage or year_in(name)
        if column_vintage is None:
            errors.at(
                name,
                1,
                column,
                _(
                    "millésime introuvable (ni dans le nom de la colonne, ni dans celui du "
                    "fichier) : indiquez-le avec --vintage."
                ),
            )
            continue
        columns.append((index, column, code, column_vintage))
    result: dict[str, list[Cell]] = {}
    first_line: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        code = normalize_code(row[key_at] if len(row) > key_at else "")
        if benchmark:
            if code.lstrip("0") != "":
                continue  # another aggregate than « all QPV »: not ours
            code = BENCHMARK_CODE
        elif not (QPV_2024_RE.match(code) or QPV_2015_RE.match(code)):
            errors.at(
                name,
                line,
                KEY_COLUMN,
                _("« %(code)s » n'est pas un code de QPV (par exemple QN07501M ou QP075001).")
                % {"code": code[:30]},
            )
            continue
        cells = []
        for index, column, variable, column_vintage in columns:
            text = row[index] if len(row) > index else ""
            if not text.strip():
                continue  # nothing published: nothing stored
            try:
                value, secrecy = read_value(text)
            except NumberError as exc:
                errors.at(
                    name,
                    line,
                    column,
                    _(
                        "« %(text)s » n'est ni un nombre ni une marque de secret (s, nd, ns, so) : %(reason)s"
                    )
                    % {"text": text.strip()[:30], "reason": exc},
                )
                continue
            cells.append(Cell(variable, column_vintage, value, secrecy))
        if code in result:
            if sorted(result[code], key=str) != sorted(cells, key=str):
                errors.at(
                    name,
                    line,
                    KEY_COLUMN,
                    _("le quartier %(code)s figure déjà ligne %(first)d, avec d'autres valeurs.")
                    % {"code": code, "first": first_line[code]},
                )
            continue
        result[code] = cells
        first_line[code] = line
    return result


def read_zip(name: str, data: bytes, *, vintage: int | None, errors: Errors) -> ParsedZip | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        errors.at(name, None, None, _("ce n'est pas une archive zip lisible."))
        return None
    by_kind: dict[str, list[zipfile.ZipInfo]] = {"data": [], "benchmark": [], "meta": []}
    for info in members:
        base = PurePosixPath(info.filename).name
        if base.startswith(".") or "__MACOSX" in info.filename:
            continue
        if META_FILE_RE.match(base):
            by_kind["meta"].append(info)
        elif BENCHMARK_FILE_RE.search(base):
            by_kind["benchmark"].append(info)
        elif DATA_FILE_RE.search(base):
            by_kind["data"].append(info)
    if not by_kind["data"]:
        errors.at(
            name,
            None,
            None,
            _(
                "l'archive ne contient pas de fichier de données (nom finissant par _QP.csv ou _QP24.csv)."
            ),
        )
        return None

    def content(info) -> bytes | None:
        if info.file_size > MAX_MEMBER_BYTES:
            errors.at(f"{name}/{info.filename}", None, None, _("fichier trop volumineux."))
            return None
        try:
            return archive.read(info)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
            errors.at(f"{name}/{info.filename}", None, None, _("fichier illisible dans l'archive."))
            return None

    labels, numbers, texts = {}, set(), set()
    for info in by_kind["meta"]:
        data_bytes = content(info)
        if data_bytes is not None:
            more_labels, more_numbers, more_texts = read_meta(info.filename, data_bytes, errors)
            labels.update(more_labels)
            numbers |= more_numbers
            texts |= more_texts
    parsed = ParsedZip(name=PurePosixPath(name).name, theme=theme_of(name), labels=labels)
    zip_year = year_in(name)
    for kind in ("data", "benchmark"):
        for info in by_kind[kind]:
            data_bytes = content(info)
            if data_bytes is None:
                continue
            parsed.files.append(info.filename)
            table = read_table(
                info.filename,
                data_bytes,
                benchmark=kind == "benchmark",
                meta_numbers=numbers,
                meta_texts=texts,
                vintage=vintage or zip_year,
                errors=errors,
            )
            if kind == "benchmark":
                parsed.benchmark.extend(table.get(BENCHMARK_CODE, []))
            else:
                for code, cells in table.items():
                    parsed.qpv_rows.setdefault(code, []).extend(cells)
    return parsed


# Report ----------------------------------------------------------------------------------


@dataclasses.dataclass
class ImportReport:
    files: list[str] = dataclasses.field(default_factory=list)
    variables_created: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    qpv_count: int = 0
    benchmark_count: int = 0
    unknown_codes: list[str] = dataclasses.field(default_factory=list)
    vintages: list[int] = dataclasses.field(default_factory=list)
    dry_run: bool = False
    imports: list = dataclasses.field(default_factory=list)  # the StatImport rows written

    def summary_lines(self) -> list[str]:
        lines = [
            _("Fichiers lus : %(files)s.") % {"files": ", ".join(self.files)},
            _("Millésimes : %(vintages)s.")
            % {"vintages": ", ".join(str(v) for v in self.vintages) or "—"},
            ngettext("%(count)d quartier reconnu.", "%(count)d quartiers reconnus.", self.qpv_count)
            % {"count": self.qpv_count},
            ngettext(
                "%(count)d nouvelle variable.",
                "%(count)d nouvelles variables.",
                self.variables_created,
            )
            % {"count": self.variables_created},
            _(
                "Valeurs : %(created)d ajoutées, %(updated)d modifiées, %(unchanged)d inchangées "
                "(dont %(benchmark)d de l'ensemble des QPV)."
            )
            % {
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "benchmark": self.benchmark_count,
            },
        ]
        if self.unknown_codes:
            shown = ", ".join(self.unknown_codes[:MAX_LISTED_CODES])
            if len(self.unknown_codes) > MAX_LISTED_CODES:
                shown += " …"
            lines.append(
                ngettext(
                    "%(count)d code de QPV absent de la base, ignoré : %(codes)s.",
                    "%(count)d codes de QPV absents de la base, ignorés : %(codes)s.",
                    len(self.unknown_codes),
                )
                % {"count": len(self.unknown_codes), "codes": shown}
            )
        if self.dry_run:
            lines.append(_("Essai à blanc : rien n'a été enregistré."))
        return lines


# Import ----------------------------------------------------------------------------------


def import_quartier_data(
    zips: list[tuple[str, Source]],
    *,
    source_url: str = "",
    vintage: int | None = None,
    dry_run: bool = False,
    user=None,
) -> ImportReport:
    """Import the zips, given as (file name, content); all or nothing.

    Raises ``StatImportError`` listing every problem found; then nothing is written.
    """
    errors = Errors()
    parsed = []
    for name, content in zips:
        result = read_zip(name, _read_bytes(content), vintage=vintage, errors=errors)
        if result is not None:
            parsed.append(result)
    errors.raise_if_any()
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        for zipped in parsed:
            _write_zip(zipped, source_url=source_url, user=user, report=report)
        report.unknown_codes.sort()
        report.vintages.sort()
        summary = "\n".join(report.summary_lines())
        for stat_import in report.imports:
            stat_import.summary = summary
        StatImport.objects.bulk_update(report.imports, ["summary"])
        if dry_run:
            transaction.set_rollback(True)
    return report


def _read_bytes(source: Source) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    if hasattr(source, "read"):
        return source.read()
    return Path(source).read_bytes()


def _write_zip(zipped: ParsedZip, *, source_url: str, user, report: ImportReport) -> None:
    report.files.append(zipped.name)
    source, created = StatSource.objects.get_or_create(
        file_name=zipped.name, defaults={"url": source_url, "theme": zipped.theme}
    )
    if not created and source_url and source.url != source_url:
        source.url = source_url
        source.save(update_fields=["url", "updated_at"])

    codes = sorted(
        {cell.code for cells in zipped.qpv_rows.values() for cell in cells}
        | {cell.code for cell in zipped.benchmark}
    )
    variables = {v.code: v for v in Variable.objects.filter(code__in=codes)}
    new_variables = [
        Variable(
            code=code,
            label=(zipped.labels.get(code) or code)[:300],
            theme=zipped.theme,
        )
        for code in codes
        if code not in variables
    ]
    Variable.objects.bulk_create(new_variables, batch_size=BATCH_SIZE)
    # A variable first read without a meta file was labelled by its code: name it now.
    named = []
    for variable in variables.values():
        label = zipped.labels.get(variable.code)
        if label and variable.label == variable.code:
            variable.label = label[:300]
            named.append(variable)
    Variable.objects.bulk_update(named, ["label"], batch_size=BATCH_SIZE)
    report.variables_created += len(new_variables)
    if new_variables:
        variables = {v.code: v for v in Variable.objects.filter(code__in=codes)}

    quartiers = dict(
        Quartier.objects.filter(code__in=list(zipped.qpv_rows)).values_list("code", "pk")
    )
    unknown = sorted(set(zipped.qpv_rows) - set(quartiers))
    report.unknown_codes.extend(code for code in unknown if code not in report.unknown_codes)
    report.qpv_count += len(quartiers)

    wanted: dict[tuple, Cell] = {}
    for code, cells in zipped.qpv_rows.items():
        if code in quartiers:
            for cell in cells:
                wanted[(quartiers[code], variables[cell.code].pk, cell.vintage)] = cell
    for cell in zipped.benchmark:
        wanted[(None, variables[cell.code].pk, cell.vintage)] = cell
    vintages = sorted({key[2] for key in wanted})
    for year in vintages:
        if year not in report.vintages:
            report.vintages.append(year)

    # Plain tuples, not model instances: a national file holds some 30,000 values.
    variable_ids = [v.pk for v in variables.values()]
    stored = StatValue.objects.filter(variable_id__in=variable_ids, vintage__in=vintages)
    existing = {
        (quartier_id, variable_id, year): (pk, value, secrecy, source_id)
        for pk, quartier_id, variable_id, year, value, secrecy, source_id in (
            stored.filter(quartier_id__in=list(quartiers.values()))
            | stored.filter(is_benchmark=True)
        ).values_list(
            "pk", "quartier_id", "variable_id", "vintage", "value", "secrecy", "source_id"
        )
    }
    to_create, to_update = [], []
    now = timezone.now()
    for key, cell in wanted.items():
        quartier_id, variable_id, year = key
        row = existing.get(key)
        if row is None:
            to_create.append(
                StatValue(
                    quartier_id=quartier_id,
                    is_benchmark=quartier_id is None,
                    variable_id=variable_id,
                    vintage=year,
                    value=cell.value,
                    secrecy=cell.secrecy,
                    source=source,
                )
            )
        elif row[1:] != (cell.value, cell.secrecy, source.pk):
            to_update.append(
                StatValue(
                    pk=row[0],
                    value=cell.value,
                    secrecy=cell.secrecy,
                    source_id=source.pk,
                    updated_at=now,
                )
            )
        else:
            report.unchanged += 1
        if quartier_id is None:
            report.benchmark_count += 1
    StatValue.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    StatValue.objects.bulk_update(
        to_update, ["value", "secrecy", "source", "updated_at"], batch_size=BATCH_SIZE
    )
    report.created += len(to_create)
    report.updated += len(to_update)
    stat_import = StatImport.objects.create(
        source=source,
        imported_by=user if user is not None and user.is_authenticated else None,
        vintages=", ".join(str(y) for y in vintages),
        created_count=len(to_create),
        updated_count=len(to_update),
        unchanged_count=len(wanted) - len(to_create) - len(to_update),
        unknown_qpv_count=len(unknown),
    )
    report.imports.append(stat_import)
