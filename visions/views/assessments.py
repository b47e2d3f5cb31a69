"""The five-conditions self-assessment of a site, compared with the previous one."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qic.history import history_for
from qic.idempotency import idempotent_create
from quartiers import perms
from quartiers.querysets import CHANGE, VIEW
from visions.charts import radar
from visions.enums import COOPERATION_OF_CONDITION, Condition, IndicatorFamily
from visions.forms import SelfAssessmentForm
from visions.models import Indicator, SelfAssessment
from visions.views.common import load_site


def _render(request, site, current, assessments, *, one_of_them=False):
    previous = None
    if current is not None:
        older = [a for a in assessments if (a.date, a.pk) < (current.date, current.pk)]
        previous = older[0] if older else None
    rows = []
    if current is not None:
        cooperation = _cooperation_indicators(site)
        for item, old in zip(
            current.scores(),
            previous.scores() if previous else [None] * len(Condition),
            strict=True,
        ):
            rows.append(
                {
                    "item": item,
                    "previous": old,
                    "delta": (item.score - old.score) if old else None,
                    "cooperation": [
                        indicator
                        for metric in COOPERATION_OF_CONDITION.get(item.condition, ())
                        for indicator in cooperation.get(metric, [])
                    ],
                }
            )
    context = {
        "site": site,
        "one_of_them": one_of_them,  # a given self-assessment, not « the latest »
        "current": current,
        "previous": previous,
        "assessments": assessments,
        "rows": rows,
        "radar": radar(current, previous) if current else "",
        "can_change": perms.can_change(request.user, site),
        "history": history_for(current) if current else [],
    }
    return render(request, "visions/assessment_detail.html", context)


def _cooperation_indicators(site) -> dict[str, list[Indicator]]:
    """The site's cooperation indicators by what they measure (one query)."""
    found: dict[str, list[Indicator]] = {}
    for indicator in Indicator.objects.filter(
        objective__vision__site=site, family=IndicatorFamily.COOPERATION
    ).order_by("name", "pk"):
        found.setdefault(indicator.cooperation_metric, []).append(indicator)
    return found


def _site_assessments(request, site):
    return list(
        SelfAssessment.objects.for_user(request.user)
        .filter(site=site)
        .select_related("author")
        .order_by("-date", "-pk")
    )


def assessment_overview(request, pk):
    """The latest self-assessment of the site, compared with the one before."""
    site = load_site(request, pk)
    assessments = _site_assessments(request, site)
    return _render(request, site, assessments[0] if assessments else None, assessments)


def assessment_detail(request, pk):
    current = perms.get_object_or_deny(
        request.user, SelfAssessment.objects.select_related("site"), VIEW, pk=pk
    )
    site = current.site
    assessments = _site_assessments(request, site)
    current = next(a for a in assessments if a.pk == current.pk)
    return _render(request, site, current, assessments, one_of_them=True)


@idempotent_create
def assessment_create(request, pk):
    site = load_site(request, pk, CHANGE)
    form = SelfAssessmentForm(request.POST or None, site=site)
    if request.method == "POST" and form.is_valid():
        assessment = form.save(commit=False)
        assessment.site = site
        assessment.author = request.user
        assessment.save()
        messages.success(request, _("L'auto-évaluation est enregistrée."))
        return redirect(assessment)
    return render(
        request,
        "visions/assessment_form.html",
        {"form": form, "site": site, "assessment": None, "conditions": list(Condition)},
    )


def assessment_edit(request, pk):
    assessment = perms.get_object_or_deny(
        request.user, SelfAssessment.objects.select_related("site"), CHANGE, pk=pk
    )
    form = SelfAssessmentForm(request.POST or None, instance=assessment, site=assessment.site)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("L'auto-évaluation est enregistrée."))
        return redirect(assessment)
    return render(
        request,
        "visions/assessment_form.html",
        {
            "form": form,
            "site": assessment.site,
            "assessment": assessment,
            "conditions": list(Condition),
        },
    )
