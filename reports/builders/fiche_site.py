"""Fiche site (PDF): one site, over a period (the last twelve months by default).

A fixed number of queries whatever the site's size: the site's summary
(``summaries.site``, shared with the site dashboard) and what the period adds. The
indicators' charts and the self-assessment's radar are the pages' (``visions.charts``).
"""

from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cercles.enums import AttendanceStatus, CommitmentStatus
from cercles.models import Cercle, Commitment, Meeting
from financements.figures import funding_of
from financements.models import FundingLine
from reports.builders.common import file_name, period_bounds, period_from, visible_sites
from reports.pdf import write_pdf
from reports.services import BuiltFile, ReportError, temporary_path
from summaries.site import site_summary
from visions.charts import curve_chart, radar
from visions.enums import ActionStatus, Track
from visions.models import Action, Measurement


def gather(site, start, end, today) -> dict:
    """Everything the fiche shows, in a bounded number of queries: the site's summary
    (``summaries.site``), and what the period adds."""
    since, until = period_bounds(start, end)
    summary = site_summary(site, today)
    quartiers = list(
        site.quartiers.select_related("departement__region", "epci").prefetch_related("communes")
    )
    vision = summary.vision
    version = vision.versions.order_by("-number").first() if vision else None
    measurements = defaultdict(list)
    for measurement in Measurement.objects.filter(indicator__objective__vision__site=site).order_by(
        "indicator", "date", "pk"
    ):
        measurements[measurement.indicator_id].append(measurement)
    objectives = [
        {
            "objective": objective,
            "indicators": [
                {
                    "indicator": indicator,
                    "chart": curve_chart(indicator, measurements[indicator.pk]),
                    "latest": measurements[indicator.pk][-3:][::-1],
                    "percent": indicator.progress_percent(),
                    "track": Track(indicator.track),
                }
                for indicator in indicators
            ],
        }
        for objective, indicators in summary.objectives
    ]
    actions = list(
        Action.objects.filter(site=site).select_related("porteur").order_by("title", "pk")
    )
    actions_by_status = [
        {"status": status, "actions": [a for a in actions if a.status == status]}
        for status in ActionStatus
    ]
    cercles = list(
        Cercle.objects.filter(site=site)
        .annotate(
            current_members=Count(
                "memberships",
                filter=Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gte=today),
            )
        )
        .order_by("-kind", "name")
    )
    meetings = list(
        Meeting.objects.filter(cercle__site=site, starts_at__gte=since, starts_at__lt=until)
        .select_related("cercle")
        .annotate(
            present=Count(
                "attendances",
                filter=Q(attendances__status=AttendanceStatus.PRESENT),
                distinct=True,
            ),
            decision_count=Count("decisions", distinct=True),
            commitment_count=Count("commitments", distinct=True),
        )
        .order_by("starts_at", "pk")
    )
    commitments = Commitment.objects.filter(meeting__cercle__site=site).select_related(
        "owner", "meeting__cercle"
    )
    assessment = summary.assessment
    return {
        "site": site,
        "start": start,
        "end": end,
        "quartiers": quartiers,
        "communes": sorted({c.name for q in quartiers for c in q.communes.all()}),
        "departements": sorted(
            {f"{q.departement.name} ({q.departement.region.name})" for q in quartiers}
        ),
        "status_changes": summary.status_changes,
        "trinome": summary.trinome_seats,
        "accompaniments": list(site.accompaniments.select_related("centre")),
        "vision": vision,
        "version": version,
        "objectives": objectives,
        "indicator_count": len(summary.indicators),
        "actions_by_status": actions_by_status,
        "action_count": len(actions),
        "cercles": cercles,
        "meetings": meetings,
        "commitments_done": list(
            commitments.filter(status=CommitmentStatus.FAIT, done_on__range=(start, end)).order_by(
                "done_on", "pk"
            )
        ),
        "commitments_open": list(
            commitments.filter(status=CommitmentStatus.A_FAIRE, due_on__gte=today).order_by(
                "due_on", "pk"
            )
        ),
        "commitments_overdue": list(summary.overdue_commitments()),
        "assessment": assessment,
        "radar": radar(assessment, summary.previous_assessment) if assessment else None,
        "last_activity": summary.last_activity,
        # The site is within the requester's reach (``visible_sites``): so are its lines.
        "funding": funding_of(
            FundingLine.objects.filter(action__site=site),
            year=today.year,
            objectives=[entry["objective"] for entry in objectives],
            no_objective_label=_("Actions rattachées à aucun objectif"),
        ),
    }


def build(job, progress) -> BuiltFile:
    site = (
        visible_sites(job)
        .select_related("cohort", "chef_de_projet", "vision")
        .filter(pk=job.parameters.get("site"))
        .first()
    )
    if site is None:
        raise ReportError(_("Ce site n'existe plus, ou vous n'y avez plus accès."))
    start, end = period_from(job.parameters)
    today = timezone.localdate()
    progress.step(_("Lecture des données du site"), 10)
    context = gather(site, start, end, today)
    progress.step(_("Mise en page du PDF"), 40)
    context.update(
        document_title=_("Fiche site — %(site)s") % {"site": site.name},
        running_title=_("Fiche site — %(site)s") % {"site": site.name},
        generated_at=timezone.localtime(),
        today=today,
        off_tracks=Track.off_track(),
    )
    path = temporary_path(".pdf")
    try:
        write_pdf("reports/pdf/fiche_site.html", context, path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    progress(95)
    return BuiltFile(
        path=path,
        filename=file_name(_("fiche-site"), site.name, end.isoformat(), extension="pdf"),
        content_type="application/pdf",
    )
