"""Fiche site (PDF): one site, over a period (the last twelve months by default).

A fixed number of queries whatever the site's size; the indicators' charts are the
indicator page's (``visions.views.indicators.curve_chart``), the self-assessment's radar
the assessment page's.
"""

from collections import defaultdict

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cercles.enums import AttendanceStatus, CommitmentStatus
from cercles.models import Cercle, Commitment, Meeting
from quartiers.activity import site_last_activity
from quartiers.enums import TrinomeSeat
from reports.builders.common import file_name, period_bounds, period_from, visible_sites
from reports.pdf import write_pdf
from reports.services import BuiltFile, ReportError, temporary_path
from visions.enums import ActionStatus, Track
from visions.models import Action, Indicator, Measurement, Objective, SelfAssessment, Vision
from visions.views.assessments import radar
from visions.views.indicators import curve_chart


def gather(site, start, end, today) -> dict:
    """Everything the fiche shows, in a bounded number of queries."""
    since, until = period_bounds(start, end)
    quartiers = list(
        site.quartiers.select_related("departement__region", "epci").prefetch_related("communes")
    )
    mandates = list(
        site.trinome_mandates.select_related("personne", "structure").order_by(
            "seat", "-start_date"
        )
    )
    trinome = [
        {
            "seat": seat,
            "current": next((m for m in mandates if m.seat == seat and m.is_current(today)), None),
        }
        for seat in TrinomeSeat
    ]
    vision = Vision.objects.filter(site=site).first()
    version = vision.versions.order_by("-number").first() if vision else None
    indicators = list(
        Indicator.objects.filter(objective__vision__site=site)
        .with_progress(today)
        .prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("date", "pk"))
        )
        .order_by("objective__position", "objective__pk", "name", "pk")
    )
    by_objective = defaultdict(list)
    for indicator in indicators:
        measurements = list(indicator.measurements.all())
        by_objective[indicator.objective_id].append(
            {
                "indicator": indicator,
                "chart": curve_chart(indicator, measurements),
                "latest": measurements[-3:][::-1],
                "percent": indicator.progress_percent(),
                "track": indicator.get_track(),
            }
        )
    objectives = [
        {"objective": objective, "indicators": by_objective.get(objective.pk, [])}
        for objective in Objective.objects.filter(vision__site=site).order_by("position", "pk")
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
    assessments = list(SelfAssessment.objects.filter(site=site).order_by("-date", "-pk")[:2])
    assessment = assessments[0] if assessments else None
    return {
        "site": site,
        "start": start,
        "end": end,
        "quartiers": quartiers,
        "communes": sorted({c.name for q in quartiers for c in q.communes.all()}),
        "departements": sorted(
            {f"{q.departement.name} ({q.departement.region.name})" for q in quartiers}
        ),
        "status_changes": list(site.status_changes.order_by("date", "created_at")),
        "trinome": trinome,
        "accompaniments": list(site.accompaniments.select_related("centre")),
        "vision": vision,
        "version": version,
        "objectives": objectives,
        "indicator_count": len(indicators),
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
        "commitments_overdue": list(commitments.overdue(today).order_by("due_on", "pk")),
        "assessment": assessment,
        "radar": radar(assessment, assessments[1] if len(assessments) > 1 else None)
        if assessment
        else None,
        "last_activity": site_last_activity(site),
    }


def build(job, progress) -> BuiltFile:
    site = (
        visible_sites(job)
        .select_related("cohort", "chef_de_projet")
        .filter(pk=job.parameters.get("site"))
        .first()
    )
    if site is None:
        raise ReportError(_("Ce site n'existe plus, ou vous n'y avez plus accès."))
    start, end = period_from(job.parameters)
    today = timezone.localdate()
    progress(10)
    context = gather(site, start, end, today)
    progress(40)
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
