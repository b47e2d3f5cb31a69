"""Import the official list of QPV (CSV) and, optionally, their perimeters (GeoJSON).

``import_qpv`` upserts régions, départements, EPCI, communes and quartiers by their
official code, in three steps:

1. read both files into plain rows (``qpv_csv``, ``perimeters``), collecting every error;
2. plan: load the rows already in the database into dicts (a fixed number of queries,
   whatever the size of the file) and decide what to create, update or leave alone —
   still without writing, so that any error leaves the database as it was;
3. write: bulk creates and updates, parents first, in one transaction for both files.

Running it twice changes nothing the second time. Nothing is ever deleted: a QPV that left
the list stays (sites may point to it), and the report counts those.

Journal: bulk writes bypass django-auditlog, so an import is journaled by its summary
(printed by ``manage.py import_qpv``), not row by row.
"""

from __future__ import annotations

import dataclasses
import os
from collections import defaultdict
from pathlib import Path
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qic.text import plural
from quartiers.importers.errors import ErrorList, QpvImportError
from quartiers.importers.perimeters import Perimeter, read_perimeters
from quartiers.importers.qpv_csv import QpvRow, read_qpv_csv
from quartiers.models import EPCI, Commune, Departement, Quartier, Region
from quartiers.stamps import rows_touch
from quartiers.validators import qpv_generation

__all__ = ["Counts", "ImportReport", "QpvImportError", "import_qpv"]

Source = bytes | str | os.PathLike | BinaryIO

# Rows per INSERT/UPDATE statement: few statements, none too large for SQLite's limits.
BATCH_SIZE = 500
# The summary names at most this many unknown QPV codes from the perimeters file.
MAX_LISTED_CODES = 10


def import_qpv(
    csv_file: Source, perimeters: Source | None = None, *, dry_run: bool = False
) -> ImportReport:
    """Import the QPV list, and their perimeters if given; all or nothing.

    Raises ``QpvImportError`` listing every problem found; then nothing is written.
    With ``dry_run``, everything is checked and counted, then rolled back.
    """
    errors = ErrorList()
    rows = read_qpv_csv(_read_bytes(csv_file), errors)
    shapes = None if perimeters is None else read_perimeters(_read_bytes(perimeters), errors)
    errors.raise_if_any()
    with transaction.atomic():
        plan = _plan(rows, shapes, errors)
        errors.raise_if_any()
        _write(plan)
        if dry_run:
            transaction.set_rollback(True)
    return plan.report(dry_run=dry_run)


def _read_bytes(source: Source) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    if hasattr(source, "read"):
        content = source.read()
        return content.encode() if isinstance(content, str) else content
    return Path(source).read_bytes()


# Report ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclasses.dataclass(frozen=True)
class ImportReport:
    rows: int
    quartiers: Counts
    communes: Counts
    epcis: Counts
    departements: Counts
    regions: Counts
    perimeters: int | None  # perimeters matched to a QPV; None without a perimeters file
    unknown_perimeters: list[str]  # codes of the perimeters skipped: QPV not known
    quartiers_not_in_file: int  # QPV in the database but not in the file, kept
    dry_run: bool

    def summary_lines(self) -> list[str]:
        lines = [
            plural(self.rows, "%(count)d ligne lue.", "%(count)d lignes lues."),
            _counts_line(_("Quartiers"), self.quartiers, feminine=False),
            _counts_line(_("Communes"), self.communes, feminine=True),
            _counts_line(_("EPCI"), self.epcis, feminine=False),
            _counts_line(_("Départements"), self.departements, feminine=False),
            _counts_line(_("Régions"), self.regions, feminine=True),
        ]
        if self.perimeters is not None:
            lines.append(_("Périmètres reconnus : %(count)d") % {"count": self.perimeters})
        if self.unknown_perimeters:
            codes = self.unknown_perimeters[:MAX_LISTED_CODES]
            more = ", …" if len(self.unknown_perimeters) > len(codes) else ""
            lines.append(
                _("Périmètres ignorés : %(count)d (QPV inconnus : %(codes)s)")
                % {"count": len(self.unknown_perimeters), "codes": ", ".join(codes) + more}
            )
        if self.quartiers_not_in_file:
            lines.append(
                _("QPV en base absents du fichier (conservés) : %(count)d")
                % {"count": self.quartiers_not_in_file}
            )
        if self.dry_run:
            lines.append(_("Simulation : rien n'a été enregistré."))
        return lines


def _counts_line(label: str, counts: Counts, *, feminine: bool) -> str:
    if feminine:
        parts = [
            plural(counts.created, "%(count)d créée", "%(count)d créées"),
            plural(counts.updated, "%(count)d modifiée", "%(count)d modifiées"),
            plural(counts.unchanged, "%(count)d inchangée", "%(count)d inchangées"),
        ]
    else:
        parts = [
            plural(counts.created, "%(count)d créé", "%(count)d créés"),
            plural(counts.updated, "%(count)d modifié", "%(count)d modifiés"),
            plural(counts.unchanged, "%(count)d inchangé", "%(count)d inchangés"),
        ]
    return f"{label} : {', '.join(parts)}"


# What the file says ---------------------------------------------------------------------


class _Values:
    """What the file says about one model: key → field → value. A later line that
    contradicts an earlier one is an error."""

    def __init__(self, label: str, errors: ErrorList):
        self.label = label  # names a key in messages: « la commune » 13055
        self.errors = errors
        self.by_key: dict[str, dict] = {}
        self.first_line: dict[str, int] = {}
        self._origin: dict[tuple[str, str], int] = {}

    def give(self, key: str, field: str, value, *, line: int, column: str) -> None:
        self.first_line.setdefault(key, line)
        fields = self.by_key.setdefault(key, {})
        if field not in fields:
            fields[field] = value
            self._origin[key, field] = line
        elif fields[field] != value:
            self.errors.at_line(
                line,
                column,
                _(
                    "« %(value)s » contredit la ligne %(first)d, qui donne « %(previous)s » "
                    "pour %(what)s %(key)s."
                )
                % {
                    "value": value,
                    "first": self._origin[key, field],
                    "previous": fields[field],
                    "what": self.label,
                    "key": key,
                },
            )


class _Wanted:
    """Everything the file asks for, by official code; foreign keys are codes too."""

    def __init__(self, errors: ErrorList):
        self.errors = errors
        self.regions = _Values(_("la région"), errors)
        self.departements = _Values(_("le département"), errors)
        self.epcis = _Values(_("l'EPCI"), errors)
        self.communes = _Values(_("la commune"), errors)
        self.quartiers: dict[str, dict] = {}
        self.communes_of: dict[str, list[str]] = {}  # quartier code → commune codes
        self._rows: dict[str, QpvRow] = {}

    def add(self, row: QpvRow) -> None:
        first = self._rows.get(row.code)
        if first is not None:
            if not first.same_data(row):
                self.errors.at_line(
                    row.line,
                    "code_qp",
                    _("le QPV %(code)s figure déjà ligne %(first)d avec d'autres données.")
                    % {"code": row.code, "first": first.line},
                )
            return  # an exact repeat adds nothing
        self._rows[row.code] = row
        line = row.line
        self.regions.give(row.region_code, "name", row.region_name, line=line, column="lib_reg")
        departement = row.departement_code
        self.departements.give(
            departement, "name", row.departement_name, line=line, column="lib_dep"
        )
        self.departements.give(
            departement, "region", row.region_code, line=line, column="insee_reg"
        )
        for siren, name in row.epcis:
            self.epcis.give(siren, "name", name, line=line, column="lib_epci")
        for (code, name), siren in zip(row.communes, _epci_of_each_commune(row), strict=True):
            self.communes.give(code, "name", name, line=line, column="lib_com")
            self.communes.give(
                code, "departement", commune_departement(code), line=line, column="insee_com"
            )
            if siren:
                self.communes.give(code, "epci", siren, line=line, column="siren_epci")
        self.quartiers[row.code] = {
            "name": row.name,
            "departement": departement,
            # The model holds one EPCI per QPV: the first one listed.
            "epci": row.epcis[0][0] if row.epcis else None,
        }
        self.communes_of[row.code] = [code for code, _name in row.communes]


def commune_departement(code: str) -> str:
    """The département a commune code belongs to: 13055 → 13, 2A004 → 2A, 97411 → 974."""
    return code[:3] if code.startswith("97") else code[:2]


def _epci_of_each_commune(row: QpvRow) -> list[str | None]:
    # The file does not pair communes with EPCI. When it lists as many EPCI as communes we
    # take them in the same order (commune i → EPCI i); a single EPCI is every commune's;
    # otherwise the pairing is unknown (None) and each commune keeps the EPCI it has.
    sirens = [siren for siren, _name in row.epcis]
    if len(sirens) == len(row.communes):
        return sirens
    if len(set(sirens)) == 1:
        return sirens[:1] * len(row.communes)
    return [None] * len(row.communes)


# Plan -----------------------------------------------------------------------------------


@dataclasses.dataclass
class _Changes:
    """For one model: rows to create, rows to update (with only their differing fields),
    the ids of the rows that exist, and how many already match the file."""

    new: dict[str, dict] = dataclasses.field(default_factory=dict)
    changed: dict[str, tuple[int, dict]] = dataclasses.field(default_factory=dict)
    ids: dict[str, int] = dataclasses.field(default_factory=dict)
    unchanged: int = 0

    def counts(self) -> Counts:
        return Counts(len(self.new), len(self.changed), self.unchanged)


@dataclasses.dataclass
class _Plan:
    rows: int
    regions: _Changes
    departements: _Changes
    epcis: _Changes
    communes: _Changes
    quartiers: _Changes
    links: dict[str, list[str]]  # quartier code → its communes, for the links to (re)write
    relinked: set[str]  # existing quartiers whose communes change
    perimeters: int | None
    unknown_perimeters: list[str]
    quartiers_not_in_file: int

    def report(self, *, dry_run: bool) -> ImportReport:
        quartiers = self.quartiers.counts()
        # A QPV whose only change is its list of communes is updated too.
        relinked_only = len(self.relinked - set(self.quartiers.changed))
        quartiers = Counts(
            quartiers.created,
            quartiers.updated + relinked_only,
            quartiers.unchanged - relinked_only,
        )
        return ImportReport(
            rows=self.rows,
            quartiers=quartiers,
            communes=self.communes.counts(),
            epcis=self.epcis.counts(),
            departements=self.departements.counts(),
            regions=self.regions.counts(),
            perimeters=self.perimeters,
            unknown_perimeters=self.unknown_perimeters,
            quartiers_not_in_file=self.quartiers_not_in_file,
            dry_run=dry_run,
        )


def _plan(rows: list[QpvRow], perimeters: list[Perimeter] | None, errors: ErrorList) -> _Plan:
    """Compare the file with the database; add any inconsistency to ``errors``."""
    wanted = _Wanted(errors)
    for row in rows:
        wanted.add(row)
    existing = _Existing.load(wanted, perimeters)
    _check_commune_departements(wanted, existing.departements, errors)
    unknown = _attach_perimeters(wanted, existing.quartiers, perimeters or [])
    relinked = {
        code
        for code, communes in wanted.communes_of.items()
        if code in existing.quartiers and set(communes) != existing.links[code]
    }
    in_file = sum(1 for code in wanted.communes_of if code in existing.quartiers)
    return _Plan(
        rows=len(rows),
        regions=_diff(wanted.regions.by_key, existing.regions),
        departements=_diff(wanted.departements.by_key, existing.departements),
        epcis=_diff(wanted.epcis.by_key, existing.epcis),
        communes=_diff(wanted.communes.by_key, existing.communes),
        quartiers=_diff(wanted.quartiers, existing.quartiers),
        links={
            code: communes
            for code, communes in wanted.communes_of.items()
            if code not in existing.quartiers or code in relinked
        },
        relinked=relinked,
        perimeters=None if perimeters is None else len(perimeters) - len(unknown),
        unknown_perimeters=unknown,
        quartiers_not_in_file=existing.quartier_count - in_file,
    )


@dataclasses.dataclass
class _Existing:
    """The rows already in the base that the files may touch: key → {"pk", field: value},
    foreign keys as codes, so that they compare with what the file says."""

    regions: dict[str, dict]
    departements: dict[str, dict]
    epcis: dict[str, dict]
    communes: dict[str, dict]
    quartiers: dict[str, dict]
    links: defaultdict[str, set]  # quartier code → commune codes
    quartier_count: int

    @classmethod
    def load(cls, wanted: _Wanted, perimeters: list[Perimeter] | None) -> _Existing:
        """Seven queries, whatever the size of the file."""
        quartier_fields = {
            "name": "name",
            "departement": "departement__code",
            "epci": "epci__siren",
        }
        if perimeters is not None:  # perimeters are heavy: read them only to compare
            quartier_fields |= {
                "perimeter": "perimeter",
                "latitude": "latitude",
                "longitude": "longitude",
            }
        quartier_codes = [*wanted.quartiers, *(perimeter.code for perimeter in perimeters or [])]
        links = defaultdict(set)
        through = Quartier.communes.through.objects.filter(
            quartier__code__in=list(wanted.quartiers)
        )
        for quartier, commune in through.values_list("quartier__code", "commune__code"):
            links[quartier].add(commune)
        return cls(
            # Every région and département: a commune may belong to one the file lacks.
            regions=_load(Region.objects.all(), "code", {"name": "name"}),
            departements=_load(
                Departement.objects.all(), "code", {"name": "name", "region": "region__code"}
            ),
            epcis=_load(
                EPCI.objects.filter(siren__in=list(wanted.epcis.by_key)), "siren", {"name": "name"}
            ),
            communes=_load(
                Commune.objects.filter(code__in=list(wanted.communes.by_key)),
                "code",
                {"name": "name", "departement": "departement__code", "epci": "epci__siren"},
            ),
            quartiers=_load(
                Quartier.objects.filter(code__in=quartier_codes), "code", quartier_fields
            ),
            links=links,
            quartier_count=Quartier.objects.count(),
        )


def _load(queryset, key: str, fields: dict[str, str]) -> dict[str, dict]:
    """Existing rows by key: {"pk": …, field: value}, with ``fields`` mapping each field
    name to its lookup (``"region": "region__code"``)."""
    lookups = {"pk": "pk", **fields}
    return {
        row[key]: {name: row[lookup] for name, lookup in lookups.items()}
        for row in queryset.values(key, *lookups.values())
    }


def _diff(wanted: dict[str, dict], existing: dict[str, dict]) -> _Changes:
    changes = _Changes(ids={key: row["pk"] for key, row in existing.items()})
    for key, values in wanted.items():
        current = existing.get(key)
        if current is None:
            changes.new[key] = values
            continue
        differing = {field: value for field, value in values.items() if current[field] != value}
        if differing:
            changes.changed[key] = (current["pk"], differing)
        else:
            changes.unchanged += 1
    return changes


def _check_commune_departements(wanted: _Wanted, existing: dict, errors: ErrorList) -> None:
    # A QPV may spill over a neighbouring département: its communes belong to the
    # département their code names, which must be in the file or already in the base.
    for code, values in wanted.communes.by_key.items():
        departement = values["departement"]
        if departement not in wanted.departements.by_key and departement not in existing:
            errors.at_line(
                wanted.communes.first_line[code],
                "insee_com",
                _(
                    "la commune %(code)s appartient au département %(departement)s, qui n'est "
                    "ni dans le fichier ni en base."
                )
                % {"code": code, "departement": departement},
            )


def _attach_perimeters(wanted: _Wanted, existing: dict, perimeters: list[Perimeter]) -> list[str]:
    """Add each perimeter to its QPV's wanted values; return the codes of unknown QPV."""
    unknown = []
    for perimeter in perimeters:
        if perimeter.code not in wanted.quartiers and perimeter.code not in existing:
            unknown.append(perimeter.code)
            continue
        wanted.quartiers.setdefault(perimeter.code, {}).update(
            perimeter=perimeter.geometry,
            latitude=perimeter.latitude,
            longitude=perimeter.longitude,
        )
    return unknown


# Write ----------------------------------------------------------------------------------


def _write(plan: _Plan) -> None:
    """Parents first, so that children can point to their ids."""
    region_ids = _save(Region, "code", plan.regions)
    departement_ids = _save(Departement, "code", plan.departements, region=region_ids)
    epci_ids = _save(EPCI, "siren", plan.epcis)
    commune_ids = _save(Commune, "code", plan.communes, departement=departement_ids, epci=epci_ids)
    quartier_ids = _save(
        Quartier,
        "code",
        plan.quartiers,
        # bulk_create skips Quartier.save(), which computes the generation.
        new_defaults=lambda code: {"generation": qpv_generation(code)},
        departement=departement_ids,
        epci=epci_ids,
    )
    _link_communes(plan, quartier_ids, commune_ids)


def _save(model, key_field: str, changes: _Changes, *, new_defaults=None, **foreign) -> dict:
    """Create and update one model's rows; return key → id of every row known.

    ``foreign`` maps each foreign key field to its code → id dict.
    """

    def columns(values: dict) -> dict:
        result = {}
        for field, value in values.items():
            if field in foreign:
                result[f"{field}_id"] = None if value is None else foreign[field][value]
            else:
                result[field] = value
        return result

    new = [
        model(**{key_field: key}, **(new_defaults(key) if new_defaults else {}), **columns(values))
        for key, values in changes.new.items()
    ]
    created = model.objects.bulk_create(new, batch_size=BATCH_SIZE)
    ids = dict(changes.ids)
    if any(row.pk is None for row in created):  # a backend that returns no ids
        keys = list(changes.new)
        ids |= dict(model.objects.filter(**{f"{key_field}__in": keys}).values_list(key_field, "pk"))
    else:
        ids |= {getattr(row, key_field): row.pk for row in created}

    # bulk_update writes the same fields on every row it gets: group the rows by the
    # fields that changed, so that each row is written only where the file differs.
    # bulk_update does not apply auto_now: « modifié le » (the API's sync) is set here.
    stamp = {"updated_at": timezone.now()}
    groups = defaultdict(list)
    for pk, values in changes.changed.values():
        groups[tuple(sorted(values))].append(model(pk=pk, **columns(values), **stamp))
    for fields, rows in groups.items():
        model.objects.bulk_update(rows, [*fields, *stamp], batch_size=BATCH_SIZE)
    # Written without save(): the sites of changed QPV get a new data stamp (their map).
    rows_touch(model, [pk for pk, _values in changes.changed.values()])
    return ids


def _link_communes(plan: _Plan, quartier_ids: dict, commune_ids: dict) -> None:
    """Rewrite the quartier ↔ commune links of new quartiers and of those whose communes
    changed, straight in the M2M table (one DELETE, then bulk INSERTs)."""
    through = Quartier.communes.through
    stale = [quartier_ids[code] for code in plan.relinked]
    if stale:
        through.objects.filter(quartier_id__in=stale).delete()
        Quartier.objects.filter(pk__in=stale).update(updated_at=timezone.now())
    through.objects.bulk_create(
        [
            through(quartier_id=quartier_ids[quartier], commune_id=commune_ids[commune])
            for quartier, communes in plan.links.items()
            for commune in communes
        ],
        batch_size=BATCH_SIZE,
    )
