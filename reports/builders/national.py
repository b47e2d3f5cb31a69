"""Bilan national (PDF): the sites the requester sees, filtered by région, programme,
cohort and status.

Built for 1,600 sites in bounded memory: the figures are the programme's
(``summaries.programme``, shared with the national dashboard: per-site figures cached
under each site's data stamp, the missing ones computed by grouped queries), plus the
grouped counts per cohort; sites are
read in chunks (``iterator``); the optional annex (one page per site) is rendered
part by part into separate PDFs that are concatenated at the end, so WeasyPrint never
holds more than one chunk's pages. No query runs per site.
"""

import datetime
from collections import Counter, defaultdict
from pathlib import Path

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cercles.models import Commitment
from financements.figures import funding_of
from financements.models import FundingLine
from notifications.models import ReminderSettings
from qic import charts
from quartiers.enums import Programme, SiteStatus, TrinomeSeat
from quartiers.models import Quartier, Region, TrinomeMandate
from reports.builders.common import file_name, visible_sites
from reports.pdf import concatenate, write_pdf_counting
from reports.services import BuiltFile, temporary_path
from summaries.activity import sites_inactive_since, with_last_activity
from summaries.programme import programme_figures
from visions.enums import ActionStatus
from visions.models import Action, Indicator, SelfAssessment

CHUNK = 500
ANNEX_CHUNK = 100
LIST_CHUNK = 250  # table rows read and laid out together
PART_ROWS = 500  # table rows per PDF part at most (about 25 pages)


def filtered_sites(job):
    sites = visible_sites(job)
    p = job.parameters
    if p.get("region"):
        in_region = Quartier.sites.through.objects.filter(
            site=OuterRef("pk"), quartier__departement__region__code=p["region"]
        )
        sites = sites.filter(Exists(in_region))
    if p.get("programme"):
        sites = sites.filter(programme=p["programme"])
    if p.get("cohort"):
        sites = sites.filter(cohort__year=p["cohort"])
    if p.get("status"):
        sites = sites.filter(status=p["status"])
    return sites


def _per_site(queryset, site_field: str, **counts) -> dict[int, dict[str, int]]:
    """``{site_id: {name: count}}`` from one grouped query."""
    rows = queryset.values(site_field).annotate(**counts).order_by()
    return {row.pop(site_field): row for row in rows}


def figures(sites, programme, inactive_since):
    """Programme-wide figures: the programme's (``summaries.programme``, as the national
    dashboard shows them), the cohorts table and the inactive sites."""
    cohort_rows = (
        sites.values("cohort__year", "cohort__name", "status").annotate(n=Count("pk")).order_by()
    )
    cohorts: dict = {}
    for row in cohort_rows:
        key = (row["cohort__year"] or 0, row["cohort__name"] or _("sans cohorte"))
        cohorts.setdefault(key, Counter())[row["status"]] += row["n"]
    key = programme.key_figures
    return {
        "total": key.total,
        "by_status": key.by_status,
        "cohorts": [
            {
                "name": name,
                "counts": [counts.get(s, 0) for s in SiteStatus],
                "total": sum(counts.values()),
            }
            for (_year, name), counts in sorted(cohorts.items(), reverse=True)
        ],
        "indicators": {
            "total": key.indicators,
            "on": key.on_track,
            "off": key.off_track,
            "overdue": key.indicators_overdue,
        },
        "commitments": {"open": key.commitments_open, "overdue": key.commitments_overdue},
        "inactive": sites_inactive_since(sites, inactive_since).count(),
    }


def site_lines(sites, programme, inactive_since):
    """One line per site, in name order, streamed: the sites read in chunks, joined to
    their figures (``summaries.programme``)."""
    region = (
        Region.objects.filter(departements__quartiers__sites=OuterRef("pk"))
        .order_by("name")
        .values("name")[:1]
    )
    rows = (
        with_last_activity(sites)
        .select_related("cohort")
        .annotate(region_name=Subquery(region))
        .order_by("name", "pk")
    )
    per_site = programme.per_site
    for site in rows.iterator(chunk_size=CHUNK):
        counts = per_site.get(site.pk)
        if counts is None:  # created since the figures were read
            continue
        yield {
            "site": site,
            "region": site.region_name,
            "inactive": site.last_activity < inactive_since,
            "indicators": {
                "total": counts.indicators,
                "on": counts.on_track,
                "off": counts.off_track,
                "overdue": counts.indicators_overdue,
            },
            "commitments": {
                "open": counts.commitments_open,
                "overdue": counts.commitments_overdue,
            },
            "meetings": counts.meetings_year,
            "actions": {"running": counts.actions_running, "total": counts.actions_total},
        }


def inactive_sites(sites, inactive_since):
    return (
        sites_inactive_since(sites, inactive_since)
        .select_related("chef_de_projet")
        .order_by("last_activity", "name")
        .iterator(chunk_size=CHUNK)
    )


def annex_chunks(sites, today):
    """The annex's sites, ``ANNEX_CHUNK`` at a time, each with what its page shows."""
    current = TrinomeMandate.objects.current(today)
    base = (
        sites.select_related("cohort", "chef_de_projet", "vision")
        .prefetch_related(
            Prefetch("quartiers", queryset=Quartier.objects.select_related("departement__region")),
            Prefetch(
                "trinome_mandates",
                queryset=current.select_related("personne", "structure"),
                to_attr="current_mandates",
            ),
        )
        .order_by("name", "pk")
    )
    ids = list(sites.order_by("name", "pk").values_list("pk", flat=True))
    for start in range(0, len(ids), ANNEX_CHUNK):
        chunk_ids = ids[start : start + ANNEX_CHUNK]
        chunk = list(base.filter(pk__in=chunk_ids))
        indicators = defaultdict(list)
        for indicator in (
            Indicator.objects.filter(objective__vision__site__in=chunk_ids)
            .select_related("objective")
            .order_by("objective__position", "name", "pk")
        ):
            indicators[indicator.objective.vision_id].append(indicator)
        actions = defaultdict(Counter)
        for row in (
            Action.objects.filter(site__in=chunk_ids)
            .values("site", "status")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            actions[row["site"]][row["status"]] = row["n"]
        commitments = _per_site(
            Commitment.objects.filter(meeting__cercle__site__in=chunk_ids),
            "meeting__cercle__site",
            done=Count("pk", filter=Q(status="fait")),
            open=Count("pk", filter=Q(status="a_faire", due_on__gte=today)),
            overdue=Count("pk", filter=Q(status="a_faire", due_on__lt=today)),
        )
        assessments = {}
        for assessment in SelfAssessment.objects.filter(site__in=chunk_ids).order_by(
            "site", "-date", "-pk"
        ):
            assessments.setdefault(assessment.site_id, assessment)
        pages = []
        for site in chunk:
            vision = getattr(site, "vision", None)
            by_seat = {m.seat: m for m in site.current_mandates}
            pages.append(
                {
                    "site": site,
                    "quartiers": list(site.quartiers.all()),
                    "trinome": [(seat, by_seat.get(seat)) for seat in TrinomeSeat],
                    "vision": vision,
                    "indicators": indicators.get(vision.pk, []) if vision else [],
                    "actions": [(s, actions[site.pk].get(s, 0)) for s in ActionStatus],
                    "commitments": commitments.get(site.pk, {}),
                    "assessment": assessments.get(site.pk),
                }
            )
        yield start, len(ids), pages


def _filters_text(parameters) -> list[str]:
    parts = []
    if parameters.get("region"):
        region = Region.objects.filter(code=parameters["region"]).first()
        parts.append(
            _("région : %(name)s") % {"name": region.name if region else parameters["region"]}
        )
    if parameters.get("programme"):
        parts.append(_("programme : %(name)s") % {"name": Programme(parameters["programme"]).label})
    if parameters.get("cohort"):
        parts.append(_("cohorte : %(year)s") % {"year": parameters["cohort"]})
    if parameters.get("status"):
        parts.append(_("statut : %(name)s") % {"name": SiteStatus(parameters["status"]).label})
    return parts


def chunked(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Parts:
    """The report as consecutive PDF files, each one small enough for WeasyPrint to lay
    out in bounded memory; page numbers run on from one part to the next."""

    def __init__(self, context):
        self.context = context
        self.paths: list[Path] = []
        self.pages = 0

    def render(self, template, **extra):
        path = temporary_path(".pdf")
        self.paths.append(path)
        self.pages += write_pdf_counting(
            template, {**self.context, **extra, "first_page_number": self.pages + 1}, path
        )

    def join(self) -> Path:
        path = temporary_path(".pdf")
        try:
            concatenate(self.paths, path)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path

    def discard(self):
        for path in self.paths:
            path.unlink(missing_ok=True)


def build(job, progress) -> BuiltFile:
    today = timezone.localdate()
    now = timezone.now()
    inactivity_days = ReminderSettings.current().inactivity_days
    inactive_since = now - datetime.timedelta(days=inactivity_days)
    sites = filtered_sites(job)
    national = job.requested_by.is_national
    title = _("Bilan national") if national else _("Bilan de mes sites")
    programme = programme_figures(sites, today)
    numbers = figures(sites, programme, inactive_since)
    annex = bool(job.parameters.get("annex"))
    progress.step(_("Chiffres du programme et synthèse par site"), 5)
    parts = Parts(
        {
            "document_title": title,
            "running_title": title,
            "title": title,
            "generated_at": timezone.localtime(now),
            "today": today,
            "inactivity_days": inactivity_days,
            "annex": annex,
        }
    )
    total = max(numbers["total"], 1)
    # Shares of the progress bar: the lists, then the annex if any.
    lines_end = 45 if annex else 95
    summary = {
        "funding": funding_of(
            FundingLine.objects.filter(action__site__in=sites.order_by().values("pk")),
            year=today.year,
        ),
        "filters": _filters_text(job.parameters),
        "figures": numbers,
        "statuses": list(SiteStatus),
        "status_chart": charts.bar_chart(
            [(str(status.label), count) for status, count in numbers["by_status"]],
            chart_id="sites-par-statut",
            title=_("Sites par statut"),
            description="; ".join(
                f"{status.label} : {count}" for status, count in numbers["by_status"]
            ),
        ),
    }
    sections = [
        ("inactive", inactive_sites(sites, inactive_since)),
        ("lines", site_lines(sites, programme, inactive_since)),
    ]
    try:
        # The summary, then the two lists, packed into parts of at most PART_ROWS rows:
        # a small report is one document; a large one never holds more than a part.
        blocks, rows_in_part, done = [], 0, 0
        for section, rows_iterator in sections:
            empty = True
            for index, rows in enumerate(chunked(rows_iterator, LIST_CHUNK)):
                empty = False
                if rows_in_part + len(rows) > PART_ROWS:
                    parts.render("reports/pdf/national.html", blocks=blocks, **summary)
                    blocks, rows_in_part, summary = [], 0, {"figures": None}
                blocks.append({"section": section, "rows": rows, "first": index == 0})
                rows_in_part += len(rows)
                if section == "lines":
                    done += len(rows)
                    progress.steps(done, total, start=10, end=lines_end)
            if empty:
                blocks.append({"section": section, "rows": [], "first": True})
        parts.render("reports/pdf/national.html", blocks=blocks, **summary)
        if annex:
            progress.step(_("Annexe : une page par site"), lines_end)
            for start, count, pages in annex_chunks(sites, today):
                parts.render("reports/pdf/national_annex.html", pages=pages)
                progress.steps(start + len(pages), count, start=lines_end, end=95)
        progress.step(_("Assemblage du PDF"))
        path = parts.join()
    finally:
        parts.discard()
    progress(97)
    return BuiltFile(
        path=path,
        filename=file_name(title, today.isoformat(), extension="pdf"),
        content_type="application/pdf",
    )
