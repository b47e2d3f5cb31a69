"""Open formats: a site's (or the programme's) granted funding as CSV in the SCDL
« Subventions » schema (2.1.1, vendored in ``schemas/``), and funding lines read back
from a CSV in the same layout.

Export: one row per granted line (accordé, versé en partie, soldé) that the schema can
hold — its funder has a SIRET, its action a carrier, its beneficiary a SIRET or an RNA;
the others are counted (``Export.left_out``) so the page can say what to complete.

Import: all or nothing. Every line is checked first (errors by line and column, in
French); nothing is written unless none failed. UTF-8 (with or without BOM) or
Windows-1252, separator « ; » or « , ». A line is attached to the site's action whose
title is its ``objet``, and to the directory's funder of SIRET ``idAttribuant`` (else of
name ``nomAttribuant``). The optional column ``typeFinanceur`` (one of our funder kinds,
key or label) says the funder's kind; « autre » when absent.
"""

import csv
import dataclasses
import datetime
import io
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from financements.enums import FunderKind, FundingStatus
from financements.models import FundingLine
from financements.validators import RNA_RE
from quartiers.importers.errors import ErrorList
from quartiers.models import Structure
from quartiers.validators import validate_siret
from visions.importers import decode
from visions.models import Action

SCHEMA_PATH = Path(__file__).parent / "schemas" / "scdl-subventions-2.1.1.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
COLUMNS = [field["name"] for field in SCHEMA["fields"]]
REQUIRED = [f["name"] for f in SCHEMA["fields"] if f.get("constraints", {}).get("required")]
EXTRA_COLUMN = "typeFinanceur"
# A funding line's fields, by the column they come from (for the model's own checks).
MODEL_TO_COLUMN = {
    "action": "objet",
    "funder": "nomAttribuant",
    "funder_kind": EXTRA_COLUMN,
    "year": "dateConvention",
    "convention_date": "dateConvention",
    "requested": "montant",
    "granted": "montant",
    "reference": "referenceDecision",
    "beneficiary_siret": "idBeneficiaire",
    "beneficiary_rna": "rnaBeneficiaire",
}
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
NATURE = "aide en numéraire"
_SIRET = re.compile(r"^\d{14}$")


@dataclasses.dataclass
class Export:
    content: bytes
    rows: int
    left_out: int


def _lines(lines):
    return (
        lines.granted()
        .select_related("funder", "action__porteur")
        .order_by("convention_date", "pk")
    )


def _row(line) -> list[str] | None:
    porteur = line.action.porteur
    siret = line.beneficiary_siret or (porteur.siret if porteur else "")
    if not (_SIRET.match(line.funder.siret or "") and porteur and line.convention_date):
        return None
    if not (siret or line.beneficiary_rna):
        return None
    return [
        line.funder.name,
        line.funder.siret,
        line.convention_date.isoformat(),
        line.reference,
        porteur.name,
        siret,
        line.beneficiary_rna,
        line.action.title[:255],
        f"{line.granted:.2f}",
        NATURE,
        "échelonné" if line.status == FundingStatus.VERSE_EN_PARTIE else "unique",
        f"{line.year}-01-01/{line.year}-12-31",
        "",
        "non",
        "1.00",
        "",
    ]


def export_csv(lines) -> Export:
    """The granted ``lines`` (a scoped FundingLine queryset) as SCDL CSV, UTF-8, « , »."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    rows = left_out = 0
    for line in _lines(lines).iterator(chunk_size=500):
        row = _row(line)
        if row is None:
            left_out += 1
            continue
        writer.writerow(row)
        rows += 1
    return Export(buffer.getvalue().encode("utf-8"), rows, left_out)


class ImportRefused(Exception):
    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def _kind(value: str) -> str | None:
    value = value.strip()
    if not value:
        return FunderKind.AUTRE
    for kind in FunderKind:
        if value.lower() in (kind.value, str(kind.label).lower()):
            return kind.value
    return None


def _table(data: bytes, errors: ErrorList):
    if len(data) > MAX_BYTES:
        errors.add(_("Le fichier dépasse 2 Mo : découpez-le."))
        return None, []
    text = decode(data, errors)
    if text is None:
        return None, []
    first = text.lstrip().split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        errors.add(_("Le fichier n'est pas un CSV lisible : %(reason)s.") % {"reason": exc})
        return None, []
    header = [cell.strip().lstrip("\ufeff") for cell in rows[0]] if rows else []
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        errors.at_line(
            1,
            None,
            _("colonne(s) manquante(s) : %(missing)s.")
            % {"missing": ", ".join(f"« {name} »" for name in missing)},
        )
        return None, []
    body = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(row)]
    if len(body) > MAX_ROWS:
        errors.add(_("Plus de %(max)d lignes : découpez le fichier.") % {"max": MAX_ROWS})
        return None, []
    return {name: index for index, name in enumerate(header)}, body


def _read_line(number, row, columns, actions, errors) -> FundingLine | None:
    def cell(name):
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    before = len(errors.messages())

    def fail(column, message):
        errors.at_line(number, column, message)

    for name in REQUIRED:
        if not cell(name):
            fail(name, _("valeur obligatoire."))
    action = actions.get(cell("objet").lower())
    if cell("objet") and action is None:
        fail("objet", _("aucune action du site n'a cet intitulé."))
    funder = None
    id_attribuant = cell("idAttribuant")
    if id_attribuant and not _SIRET.match(id_attribuant):
        fail("idAttribuant", _("un SIRET a 14 chiffres."))
    elif cell("nomAttribuant"):
        funder = (
            Structure.objects.filter(siret=id_attribuant).first() if id_attribuant else None
        ) or Structure.objects.filter(name__iexact=cell("nomAttribuant")).first()
        if funder is None:
            fail("nomAttribuant", _("ce financeur n'est pas dans l'annuaire : ajoutez-le d'abord."))
    date = None
    if cell("dateConvention"):
        try:
            date = datetime.date.fromisoformat(cell("dateConvention"))
        except ValueError:
            fail("dateConvention", _("une date s'écrit AAAA-MM-JJ."))
    amount = None
    if cell("montant"):
        try:
            amount = Decimal(cell("montant"))
            if amount < 0 or amount.as_tuple().exponent < -2 or not amount.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            fail("montant", _("un montant positif, le point avant les centimes (47800.20)."))
            amount = None
    siret, rna = cell("idBeneficiaire"), cell("rnaBeneficiaire").upper()
    if not siret and not rna:
        fail("idBeneficiaire", _("le SIRET ou le RNA du bénéficiaire est nécessaire."))
    if siret:
        try:
            validate_siret(siret)
        except ValidationError as exc:
            fail("idBeneficiaire", exc.messages[0])
    if rna and not RNA_RE.match(rna):
        fail("rnaBeneficiaire", _("W suivi de 9 chiffres."))
    kind = _kind(cell(EXTRA_COLUMN))
    if kind is None:
        fail(EXTRA_COLUMN, _("type de financeur inconnu."))
    if len(errors.messages()) > before:
        return None
    return FundingLine(
        action=action,
        funder=funder,
        funder_kind=kind,
        year=date.year,
        requested=amount,
        granted=amount,
        paid=Decimal(0),
        status=FundingStatus.ACCORDE,
        reference=cell("referenceDecision")[:100],
        convention_date=date,
        beneficiary_siret=siret,
        beneficiary_rna=rna,
    )


def import_csv(data: bytes, *, site) -> list[FundingLine]:
    """Create the file's funding lines on ``site``'s actions, all or none; raises
    ``ImportRefused`` with every problem, by line and column."""
    errors = ErrorList()
    columns, body = _table(data, errors)
    if columns is None:
        raise ImportRefused(errors.messages())
    if not body:
        raise ImportRefused([_("Le fichier ne contient aucune ligne.")])
    actions = {a.title.lower(): a for a in Action.objects.filter(site=site)}
    lines = [_read_line(number, row, columns, actions, errors) for number, row in body]
    for (number, _row_cells), line in zip(body, lines, strict=True):
        if line is None:
            continue
        try:
            line.full_clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    errors.at_line(number, MODEL_TO_COLUMN.get(field), message)
    if errors:
        raise ImportRefused(errors.messages())
    with transaction.atomic():
        for line in lines:
            line.save()
    return lines
