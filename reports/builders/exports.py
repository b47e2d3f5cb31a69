"""Spreadsheet exports (XLSX or CSV) of what the requester sees: sites with their
trinôme, QPV, actions, indicators and their measurements, meetings and commitments.

Every table starts from ``for_user(requester)``; rows stream from the database in
chunks (``iterator`` with prefetching per chunk) to the file on disk."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cercles.enums import AttendanceStatus
from cercles.models import Commitment, Meeting
from financements.models import FundingLine
from qic.spreadsheets import Sheet, write_csv_zip, write_xlsx
from quartiers.enums import TrinomeSeat
from quartiers.models import Quartier, TrinomeMandate
from reports.builders.common import file_name
from reports.enums import ExportFormat, ExportTable
from reports.services import BuiltFile, temporary_path
from visions.models import Action, Indicator, Measurement

CHUNK = 500


def _names(items) -> str:
    return ", ".join(str(item) for item in items)


def sites_sheet(user, today) -> Sheet:
    current = TrinomeMandate.objects.current(today)
    sites = (
        visible_sites_for(user)
        .select_related("cohort", "chef_de_projet")
        .prefetch_related(
            Prefetch("quartiers", queryset=Quartier.objects.select_related("departement__region")),
            Prefetch(
                "trinome_mandates",
                queryset=current.select_related("personne", "structure"),
                to_attr="current_mandates",
            ),
            "accompaniments__centre",
        )
        .order_by("name", "pk")
    )
    headers = [
        _("Site"),
        _("Statut"),
        _("Programme"),
        _("Cohorte"),
        _("QPV (codes)"),
        _("Départements"),
        _("Régions"),
        _("Chef de projet national"),
    ]
    for seat in TrinomeSeat:
        headers += [
            _("Trinôme %(seat)s : titulaire") % {"seat": seat.label},
            _("Trinôme %(seat)s : structure") % {"seat": seat.label},
        ]
    headers += [_("Centres de ressources"), _("Créé le")]

    def rows():
        for site in sites.iterator(chunk_size=CHUNK):
            quartiers = list(site.quartiers.all())
            row = [
                site.name,
                site.get_status_display(),
                site.get_programme_display(),
                str(site.cohort) if site.cohort else None,
                _names(q.code for q in quartiers),
                _names(sorted({q.departement.name for q in quartiers})),
                _names(sorted({q.departement.region.name for q in quartiers})),
                str(site.chef_de_projet) if site.chef_de_projet else None,
            ]
            by_seat = {m.seat: m for m in site.current_mandates}
            for seat in TrinomeSeat:
                mandate = by_seat.get(seat)
                row += [str(mandate.personne), str(mandate.structure)] if mandate else [None, None]
            row += [
                _names(sorted({str(a.centre) for a in site.accompaniments.all()})),
                site.created_at,
            ]
            yield row

    return Sheet(_("Sites et trinômes"), headers, rows(), sites.count())


def visible_sites_for(user):
    """The requester's sites as they are now, when the job runs."""
    from quartiers.models import Site

    return Site.objects.for_user(user)


def qpv_sheet(user) -> Sheet:
    sites = visible_sites_for(user)
    quartiers = (
        Quartier.objects.filter(sites__in=sites.values("pk"))
        .distinct()
        .select_related("departement__region", "epci")
        .prefetch_related("communes", Prefetch("sites", queryset=sites.only("pk", "name")))
        .order_by("code")
    )
    headers = [
        _("Code QPV"),
        _("Nom"),
        _("Génération"),
        _("Communes"),
        _("EPCI"),
        _("Département"),
        _("Région"),
        _("Population"),
        _("Sites"),
    ]

    def rows():
        for q in quartiers.iterator(chunk_size=CHUNK):
            yield [
                q.code,
                q.name,
                q.generation,
                _names(sorted(c.name for c in q.communes.all())),
                q.epci.name if q.epci else None,
                q.departement.name,
                q.departement.region.name,
                q.population,
                _names(sorted(s.name for s in q.sites.all())),
            ]

    return Sheet(_("QPV"), headers, rows(), quartiers.count())


def actions_sheet(user) -> Sheet:
    actions = (
        Action.objects.for_user(user)
        .select_related("site", "porteur")
        .prefetch_related("partners", "objectives")
        .order_by("site__name", "title", "pk")
    )
    headers = [
        _("Site"),
        _("Action"),
        _("Statut"),
        _("Porteur"),
        _("Partenaires"),
        _("Objectifs servis"),
        _("Début"),
        _("Fin"),
        _("Avancement (%)"),
        _("Budget (€)"),
        _("Financeurs"),
    ]

    def rows():
        for a in actions.iterator(chunk_size=CHUNK):
            yield [
                a.site.name,
                a.title,
                a.get_status_display(),
                str(a.porteur) if a.porteur else None,
                _names(a.partners.all()),
                _names(a.objectives.all()),
                a.start_date,
                a.end_date,
                a.progress,
                a.budget,
                a.funders,
            ]

    return Sheet(_("Actions"), headers, rows(), actions.count())


def funding_sheet(user) -> Sheet:
    """The funding lines of the actions the user sees, amounts in euros (exact decimals)."""
    lines = (
        FundingLine.objects.for_user(user)
        .select_related("action__site", "funder")
        .order_by("action__site__name", "action__title", "-year", "pk")
    )
    headers = [
        _("Site"),
        _("Action"),
        _("Financeur"),
        _("Type de financeur"),
        _("Année"),
        _("Montant demandé (€)"),
        _("Montant accordé (€)"),
        _("Montant versé (€)"),
        _("Statut"),
        _("Référence (Dauphin ou financeur)"),
        _("Date de la convention"),
        _("SIRET du bénéficiaire"),
        _("RNA du bénéficiaire"),
    ]

    def rows():
        for line in lines.iterator(chunk_size=CHUNK):
            yield [
                line.action.site.name,
                line.action.title,
                line.funder.name,
                line.get_funder_kind_display(),
                line.year,
                line.requested,
                line.granted,
                line.paid,
                line.get_status_display(),
                line.reference,
                line.convention_date,
                line.beneficiary_siret,
                line.beneficiary_rna,
            ]

    return Sheet(_("Financements"), headers, rows(), lines.count())


def indicator_sheets(user, today) -> list[Sheet]:
    indicators = (
        Indicator.objects.for_user(user)
        .select_related("objective__vision__site")
        .order_by("objective__vision__site__name", "objective__position", "name", "pk")
    )
    headers = [
        _("Site"),
        _("Objectif"),
        _("Indicateur"),
        _("Unité"),
        _("Source"),
        _("Sens souhaité"),
        _("Fréquence"),
        _("Valeur de référence"),
        _("Date de référence"),
        _("Cible"),
        _("Échéance de la cible"),
        _("Dernière valeur"),
        _("Date de la dernière valeur"),
        _("Progression vers la cible (%)"),
        _("Situation"),
        _("Mesure en retard"),
    ]

    def rows():
        for i in indicators.iterator(chunk_size=CHUNK):
            yield [
                i.objective.vision.site.name,
                i.objective.title,
                i.name,
                i.unit,
                i.source,
                i.get_direction_display(),
                i.get_frequency_display(),
                i.baseline_value,
                i.baseline_date,
                i.target_value,
                i.target_date,
                i.latest_value,
                i.latest_date,
                i.progress_percent(),
                i.get_track_display(),
                i.overdue,
            ]

    measurements = (
        Measurement.objects.for_user(user)
        .select_related("indicator__objective__vision__site")
        .order_by(
            "indicator__objective__vision__site__name", "indicator__name", "indicator", "date"
        )
    )
    measurement_headers = [
        _("Site"),
        _("Indicateur"),
        _("Unité"),
        _("Date"),
        _("Valeur"),
        _("Commentaire"),
    ]

    def measurement_rows():
        for m in measurements.iterator(chunk_size=CHUNK * 4):
            yield [
                m.indicator.objective.vision.site.name,
                m.indicator.name,
                m.indicator.unit,
                m.date,
                m.value,
                m.comment,
            ]

    return [
        Sheet(_("Indicateurs"), headers, rows(), indicators.count()),
        Sheet(_("Mesures"), measurement_headers, measurement_rows(), measurements.count()),
    ]


def meeting_sheets(user, today) -> list[Sheet]:
    meetings = (
        Meeting.objects.for_user(user)
        .select_related("cercle__site")
        .annotate(
            present=Count(
                "attendances",
                filter=Q(attendances__status=AttendanceStatus.PRESENT),
                distinct=True,
            ),
            decision_count=Count("decisions", distinct=True),
            commitment_count=Count("commitments", distinct=True),
        )
        .order_by("cercle__site__name", "cercle__name", "starts_at", "pk")
    )
    headers = [
        _("Site"),
        _("Cercle"),
        _("N°"),
        _("Début"),
        _("Fin"),
        _("Lieu"),
        _("Statut"),
        _("Présents"),
        _("Décisions"),
        _("Engagements"),
    ]

    def rows():
        for m in meetings.iterator(chunk_size=CHUNK):
            yield [
                m.cercle.site.name,
                m.cercle.name,
                m.sequence,
                m.starts_at,
                m.ends_at,
                m.place,
                m.get_status_display(),
                m.present,
                m.decision_count,
                m.commitment_count,
            ]

    commitments = (
        Commitment.objects.for_user(user)
        .select_related("meeting__cercle__site", "owner", "action")
        .order_by("meeting__cercle__site__name", "due_on", "pk")
    )
    commitment_headers = [
        _("Site"),
        _("Cercle"),
        _("Réunion du"),
        _("Engagement"),
        _("Porté par"),
        _("Échéance"),
        _("Statut"),
        _("Fait le"),
        _("Jours de retard"),
        _("Action du plan"),
    ]

    def commitment_rows():
        for c in commitments.iterator(chunk_size=CHUNK):
            late = (today - c.due_on).days if c.is_open and c.due_on < today else 0
            yield [
                c.meeting.cercle.site.name,
                c.meeting.cercle.name,
                c.meeting.local_date,
                c.text,
                str(c.owner),
                c.due_on,
                c.get_status_display(),
                c.done_on,
                late,
                c.action.title if c.action else None,
            ]

    return [
        Sheet(_("Réunions"), headers, rows(), meetings.count()),
        Sheet(_("Engagements"), commitment_headers, commitment_rows(), commitments.count()),
    ]


def sheets_for(user, tables, today) -> list[Sheet]:
    sheets = []
    for table in ExportTable:  # always in the same order, whatever the form's
        if table not in tables:
            continue
        if table == ExportTable.SITES:
            sheets.append(sites_sheet(user, today))
        elif table == ExportTable.QPV:
            sheets.append(qpv_sheet(user))
        elif table == ExportTable.ACTIONS:
            sheets.append(actions_sheet(user))
        elif table == ExportTable.INDICATEURS:
            sheets += indicator_sheets(user, today)
        elif table == ExportTable.REUNIONS:
            sheets += meeting_sheets(user, today)
        elif table == ExportTable.FINANCEMENTS:
            sheets.append(funding_sheet(user))
    return sheets


PROGRESS_EVERY = 5000  # rows


def with_progress(sheets: list[Sheet], progress) -> None:
    """Make each sheet's rows move the progress bar (5 % to 95 %) as they are written."""
    grand_total = sum(sheet.total for sheet in sheets) or 1
    done = 0

    def counting(rows):
        nonlocal done
        for row in rows:
            yield row
            done += 1
            if done % PROGRESS_EVERY == 0:
                progress.steps(min(done, grand_total), grand_total, start=5, end=95)

    for sheet in sheets:
        sheet.rows = counting(sheet.rows)


def build(job, progress) -> BuiltFile:
    user = job.requested_by
    today = timezone.localdate()
    tables = job.parameters.get("tables") or list(ExportTable.values)
    sheets = sheets_for(user, tables, today)
    fmt = job.parameters.get("format", ExportFormat.XLSX)
    with_progress(sheets, progress)
    progress.step(_("Écriture des tableaux"), 5)

    stem = (_("export-qic"), today.isoformat())
    if fmt == ExportFormat.CSV:
        path = temporary_path(".zip")
        writer, filename, content_type = (
            write_csv_zip,
            file_name(*stem, extension="zip"),
            "application/zip",
        )
    else:
        path = temporary_path(".xlsx")
        writer, filename, content_type = (
            write_xlsx,
            file_name(*stem, extension="xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    try:
        writer(sheets, path, lambda done: None)  # the rows move the bar (with_progress)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return BuiltFile(path=path, filename=filename, content_type=content_type)
