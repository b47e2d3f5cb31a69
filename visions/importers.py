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
"""

import codecs
import csv
import dataclasses
import datetime
import io
import re
import unicodedata
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qic.dates import validate_plausible_date
from qic.numbers import NumberError, parse_decimal
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


def read_measurements_csv(
    data: bytes, *, indicators: Iterable[IndicatorRef], today: datetime.date
) -> list[MeasurementRow]:
    """The measurements of the file, checked; raises ``MeasurementImportError``."""
    errors = ErrorList()
    rows = _read(data, list(indicators), today, errors)
    if errors:
        raise MeasurementImportError(errors.messages())
    if not rows:
        raise MeasurementImportError(
            [_("Aucune valeur à importer : remplissez la colonne « valeur » d'au moins une ligne.")]
        )
    return rows


def _read(data, indicators, today, errors) -> list[MeasurementRow]:
    if len(data) > MAX_BYTES:
        errors.add(
            _("Le fichier dépasse %(size)d Mo : découpez-le.") % {"size": MAX_BYTES // 1024 // 1024}
        )
        return []
    text = decode(data, errors)
    if text is None:
        return []
    lines = io.StringIO(text, newline="")
    header_line, first = 0, ""
    for raw in lines:
        header_line += 1
        if raw.strip():
            first = raw
            break
    delimiter = max(DELIMITERS, key=first.count)
    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration):
        header = []
    names = [_normalize(cell) for cell in header]
    columns = {}
    for index, name in enumerate(names):
        if name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS and name not in columns:
            columns[name] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
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
        return []

    by_id = {ref.pk: ref for ref in indicators}
    by_name: dict[str, list[IndicatorRef]] = {}
    for ref in indicators:
        by_name.setdefault(ref.name.strip(), []).append(ref)

    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    rows: list[MeasurementRow] = []
    seen: dict[tuple[int, datetime.date], int] = {}
    consumed = header_line
    try:
        for cells in reader:
            line = consumed + 1
            consumed = header_line + reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                errors.add(_("Plus de %(max)d lignes : découpez le fichier.") % {"max": MAX_ROWS})
                break
            row = _read_row(line, cells, columns, by_id, by_name, today, errors)
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
    except csv.Error as exc:
        errors.at_line(consumed + 1, None, _csv_reason(str(exc), delimiter))
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
