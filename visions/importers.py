"""Read a CSV of measurements, as a spreadsheet exports it. Nothing here touches the
database: ``read_measurements_csv`` returns checked rows or raises
``MeasurementImportError`` listing every problem by line and column, in French.

The file
    A header line naming the columns ``indicateur``, ``date``, ``valeur`` and, optionally,
    ``commentaire`` (any order, any case, accents optional; other columns are ignored,
    such as the indicator's name and unit in the downloadable template). Separator
    ``;`` or ``,`` (or tab), found from the header. UTF-8 with or without BOM, else
    Windows-1252. One measurement per line:

    - ``indicateur``: the indicator's number (as in the template) or its exact name;
    - ``date``: ``JJ/MM/AAAA`` or ``AAAA-MM-JJ``, not in the future;
    - ``valeur``: a number, decimal comma or point, spaces between thousands
      (« 1 234,5 »). A line without a value is skipped: the template lists every
      indicator and people fill in the ones they have;
    - ``commentaire``: free text, 500 characters at most.

    At most ``MAX_ROWS`` (10,000) lines that are not blank, header excluded, and
    ``MAX_BYTES`` (2 MB).

Two stages
    ``check_upload`` is what the upload request checks (size, encoding, header, CSV
    syntax, number of lines: milliseconds for the largest file); ``read_measurements_csv``
    checks every line against the site's indicators, in the import job
    (``visions.services.measurement_import_run``), reporting its progress.
"""

import codecs
import csv
import dataclasses
import datetime
import io
import re
import unicodedata
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qic.dates import validate_plausible_date
from qic.numbers import NumberError, format_decimal, parse_decimal
from quartiers.importers.errors import MAX_SHOWN_ERRORS, ErrorList
from visions.models.indicators import VALUE_DIGITS, VALUE_PLACES

REQUIRED_COLUMNS = ("indicateur", "date", "valeur")
OPTIONAL_COLUMNS = ("commentaire",)
DELIMITERS = (";", ",", "\t")
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000
COMMENT_MAX_LENGTH = 500

_FR_DATE = re.compile(r"^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$")
_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class MeasurementImportError(Exception):
    """The file cannot be imported; nothing was written. ``errors`` lists every problem."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))

    def shown_errors(self) -> list[str]:
        shown = self.errors[:MAX_SHOWN_ERRORS]
        hidden = len(self.errors) - len(shown)
        if hidden:
            shown.append(
                ngettext("… et %(count)d autre erreur.", "… et %(count)d autres erreurs.", hidden)
                % {"count": hidden}
            )
        return shown


@dataclasses.dataclass(frozen=True)
class IndicatorRef:
    """What the reader needs to know of one of the site's indicators."""

    pk: int
    name: str


@dataclasses.dataclass(frozen=True)
class MeasurementRow:
    line: int
    indicator_id: int
    date: datetime.date
    value: object  # Decimal
    comment: str


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().strip('"').lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def decode(data: bytes, errors: ErrorList) -> str | None:
    """The file's text (UTF-8 with or without BOM, else Windows-1252), or None after an error."""
    if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        errors.add(
            _(
                "Le fichier est un classeur (xlsx, xls ou ods), pas un CSV : ouvrez-le dans le "
                "tableur et enregistrez-le au format CSV (séparateur « ; »)."
            )
        )
        return None
    text = None
    if b"\x00" not in data:
        for encoding in ("utf-8", "cp1252"):
            try:
                text = data.removeprefix(codecs.BOM_UTF8).decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if text is not None:
        sample = text[:8192]
        controls = sum(1 for c in sample if c not in "\t\n\r" and unicodedata.category(c) == "Cc")
        if controls > 0.01 * len(sample):
            text = None
    if text is None:
        errors.add(
            _(
                "Le fichier n'est pas un fichier texte CSV : enregistrez-le au format CSV "
                "(UTF-8 ou Windows-1252) depuis le tableur."
            )
        )
        return None
    if not text.strip():
        errors.add(_("Le fichier est vide."))
        return None
    return text


def parse_date(text: str) -> datetime.date:
    """A date written JJ/MM/AAAA or AAAA-MM-JJ; ValueError with a French message else."""
    text = text.strip()
    match = _FR_DATE.fullmatch(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _ISO_DATE.fullmatch(text)
        if not match:
            raise ValueError(
                _("« %(text)s » n'est pas une date : écrivez JJ/MM/AAAA, par exemple 31/03/2026.")
                % {"text": text[:30]}
            )
        year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(_("La date « %(text)s » n'existe pas.") % {"text": text}) from None


@dataclasses.dataclass
class Table:
    """The file cut into cells: what can be checked without the database."""

    delimiter: str
    columns: dict[str, int]
    # (physical line, cells) of every line that is not blank, header excluded.
    lines: list[tuple[int, list[str]]]
    errors: ErrorList


def read_table(data: bytes) -> Table:
    """Size, encoding, header, CSV syntax and the number of lines: cheap enough to check
    while the file is uploaded. Errors are in ``table.errors``; the lines before a CSV
    syntax error are kept, so that the row checks can still name their problems."""
    errors = ErrorList()
    table = Table(";", {}, [], errors)
    if len(data) > MAX_BYTES:
        errors.add(
            _("Le fichier dépasse %(size)d Mo : découpez-le.") % {"size": MAX_BYTES // 1024 // 1024}
        )
        return table
    text = decode(data, errors)
    if text is None:
        return table
    lines = io.StringIO(text, newline="")
    header_line, first = 0, ""
    for raw in lines:
        header_line += 1
        if raw.strip():
            first = raw
            break
    table.delimiter = delimiter = max(DELIMITERS, key=first.count)
    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration):
        header = []
    names = [_normalize(cell) for cell in header]
    for index, name in enumerate(names):
        if name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS and name not in table.columns:
            table.columns[name] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in table.columns]
    if missing:
        errors.at_line(
            header_line,
            None,
            _(
                "colonne(s) manquante(s) : %(missing)s. L'en-tête doit nommer les colonnes "
                "indicateur, date, valeur (et, si besoin, commentaire), séparées par « ; »."
            )
            % {"missing": ", ".join(f"« {name} »" for name in missing)},
        )
        return table
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    consumed = header_line
    try:
        for cells in reader:
            line = consumed + 1
            consumed = header_line + reader.line_num
            if any(cell.strip() for cell in cells):
                table.lines.append((line, cells))
    except csv.Error as exc:
        errors.at_line(consumed + 1, None, _csv_reason(str(exc), delimiter))
    if len(table.lines) > MAX_ROWS:
        errors.add(too_many_lines(len(table.lines)))
    return table


def too_many_lines(count: int) -> str:
    return _(
        "Le fichier compte %(count)s lignes de mesures ; %(max)s au plus par import : "
        "découpez-le en plusieurs fichiers."
    ) % {"count": format_decimal(count), "max": format_decimal(MAX_ROWS)}


def check_upload(data: bytes) -> Table:
    """The checks made in the request: raises ``MeasurementImportError`` when the file
    cannot be imported whatever its rows say (size, encoding, header, CSV syntax, too
    many lines, no value at all)."""
    table = read_table(data)
    if table.errors:
        raise MeasurementImportError(table.errors.messages())
    if not any(_cell(cells, table.columns, "valeur") for _line, cells in table.lines):
        raise MeasurementImportError([nothing_to_import()])
    return table


def nothing_to_import() -> str:
    return _("Aucune valeur à importer : remplissez la colonne « valeur » d'au moins une ligne.")


def read_measurements_csv(
    data: bytes,
    *,
    indicators: Iterable[IndicatorRef],
    today: datetime.date,
    progress: Callable[[int, int], None] | None = None,
) -> list[MeasurementRow]:
    """The measurements of the file, checked; raises ``MeasurementImportError``.
    ``progress(lines checked, lines in all)`` is called as the lines are checked."""
    table = read_table(data)
    errors = table.errors
    rows = [] if len(table.lines) > MAX_ROWS else _read(table, list(indicators), today, progress)
    if errors:
        raise MeasurementImportError(errors.messages())
    if not rows:
        raise MeasurementImportError([nothing_to_import()])
    return rows


# Progress is reported every so many lines: often enough for the bar, rarely enough that
# its writes cost nothing next to the checks.
PROGRESS_EVERY = 250


def _read(table, indicators, today, progress) -> list[MeasurementRow]:
    errors = table.errors
    by_id = {ref.pk: ref for ref in indicators}
    by_name: dict[str, list[IndicatorRef]] = {}
    for ref in indicators:
        by_name.setdefault(ref.name.strip(), []).append(ref)

    rows: list[MeasurementRow] = []
    seen: dict[tuple[int, datetime.date], int] = {}
    total = len(table.lines)
    for done, (line, cells) in enumerate(table.lines, start=1):
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
        row = _read_row(line, cells, table.columns, by_id, by_name, today, errors)
        if row is None:
            continue
        key = (row.indicator_id, row.date)
        if key in seen:
            message = _(
                "la ligne %(other)d donne déjà une valeur à cette date pour cet indicateur."
            )
            errors.at_line(line, "date", message % {"other": seen[key]})
            continue
        seen[key] = line
        rows.append(row)
    if progress:
        progress(total, total)
    return rows


def _csv_reason(reason: str, delimiter: str) -> str:
    """Python's csv messages, said in French."""
    if "unexpected end of data" in reason:
        return _("un guillemet ouvert n'est jamais refermé.")
    if "expected after" in reason:
        return _("après un guillemet fermant, il faut un séparateur « %(sep)s ».") % {
            "sep": delimiter
        }
    if "field larger than field limit" in reason:
        return _("une cellule est beaucoup trop longue.")
    if "NUL" in reason:
        return _("le fichier contient un caractère nul : ce n'est pas un CSV texte.")
    return _("CSV illisible.")


def _cell(cells, columns, name) -> str:
    index = columns.get(name)
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _read_row(line, cells, columns, by_id, by_name, today, errors) -> MeasurementRow | None:
    raw_value = _cell(cells, columns, "valeur")
    reference = _cell(cells, columns, "indicateur")
    raw_date = _cell(cells, columns, "date")
    comment = _cell(cells, columns, "commentaire")
    if not raw_value:
        return None  # a template line left empty
    ok = True
    indicator = None
    if not reference:
        errors.at_line(line, "indicateur", _("indiquez le numéro ou le nom de l'indicateur."))
        ok = False
    elif (
        reference.isascii()
        and reference.isdigit()
        and len(reference) <= 18  # an id; Python refuses to read 4,300 digits
        and int(reference) in by_id
    ):
        indicator = by_id[int(reference)]
    else:
        matches = by_name.get(reference, [])
        if len(matches) == 1:
            indicator = matches[0]
        elif matches:
            message = _(
                "plusieurs indicateurs du site s'appellent « %(name)s » : utilisez leur numéro "
                "(voir le modèle de fichier)."
            )
            errors.at_line(line, "indicateur", message % {"name": reference[:80]})
            ok = False
        else:
            errors.at_line(
                line,
                "indicateur",
                _("aucun indicateur du site n'a le numéro ou le nom « %(ref)s ».")
                % {"ref": reference[:80]},
            )
            ok = False
    date = None
    if not raw_date:
        errors.at_line(line, "date", _("la date est obligatoire."))
        ok = False
    else:
        try:
            date = parse_date(raw_date)
        except ValueError as exc:
            errors.at_line(line, "date", str(exc))
            ok = False
        else:
            if date > today:
                errors.at_line(line, "date", _("la date ne peut pas être dans le futur."))
                ok = False
            else:
                try:
                    validate_plausible_date(date)
                except ValidationError as exc:
                    errors.at_line(line, "date", exc.messages[0])
                    ok = False
    try:
        value = parse_decimal(raw_value, max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    except NumberError as exc:
        errors.at_line(line, "valeur", str(exc))
        ok = False
    if len(comment) > COMMENT_MAX_LENGTH:
        errors.at_line(
            line,
            "commentaire",
            _("%(max)d caractères au plus (il y en a %(count)d).")
            % {"max": COMMENT_MAX_LENGTH, "count": len(comment)},
        )
        ok = False
    if not ok:
        return None
    return MeasurementRow(line, indicator.pk, date, value, comment)


def _defuse(text: str) -> str:
    """Text a spreadsheet must not run as a formula (CSV injection): « =… » gets a quote.
    Only informative columns are written this way; the importer never reads them."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def template_csv(indicators: Iterable, default_dates: dict[int, datetime.date]) -> bytes:
    """A file to fill in: one line per indicator, its number and (for information) its
    name and unit, the default date; UTF-8 with BOM so that Excel reads the accents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            "indicateur",
            "nom de l'indicateur (pour information)",
            "unité (pour information)",
            "date",
            "valeur",
            "commentaire",
        ]
    )
    for indicator in indicators:
        day = default_dates.get(indicator.pk)
        writer.writerow(
            [
                indicator.pk,
                _defuse(indicator.name),
                _defuse(indicator.unit),
                day.strftime("%d/%m/%Y") if day else "",
                "",
                "",
            ]
        )
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
