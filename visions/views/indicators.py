"""Shared measurement: indicators, their curve, and entering values cheaply (one grid for
all of a site's indicators, a CSV import)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from qic.dates import DateFormField
from qic.history import history_for
from qic.htmx import render_page_or_fragment
from qic.idempotency import idempotent_create
from qic.numbers import format_decimal
from quartiers import perms
from quartiers.querysets import CHANGE, VIEW
from visions import official, services
from visions.charts import curve_chart, with_recent_values
from visions.forms import IndicatorForm, MeasurementForm, MeasurementImportForm, TurnTheCurveForm
from visions.importers import MAX_ROWS, MeasurementImportError, template_csv
from visions.models import (
    Action,
    Indicator,
    Measurement,
    MeasurementImport,
    Objective,
    TurnTheCurve,
)
from visions.views.common import load_site, site_vision


def _indicator(request, pk, action=VIEW, queryset=None) -> Indicator:
    queryset = queryset if queryset is not None else Indicator.objects.all()
    return perms.get_object_or_deny(
        request.user, queryset.select_related("objective__vision__site"), action, pk=pk
    )


def indicator_detail(request, pk):
    indicator = _indicator(request, pk, queryset=Indicator.objects.select_related("curve"))
    site = indicator.objective.vision.site
    can_change = perms.can_change(request.user, indicator)
    measurements = list(indicator.measurements.select_related("entered_by").order_by("date"))
    try:
        curve = indicator.curve
    except TurnTheCurve.DoesNotExist:
        curve = None
    context = {
        "site": site,
        "vision": indicator.objective.vision,
        "objective": indicator.objective,
        "indicator": indicator,
        "measurements": measurements,
        "measurements_newest_first": list(reversed(measurements)),
        "chart": curve_chart(indicator, measurements),
        "curve": curve,
        "actions": list(
            Action.objects.filter(objectives=indicator.objective)
            .select_related("porteur")
            .order_by("status", "title")
        ),
        "can_change": can_change,
        "newer_official": official.newer_value(indicator) if can_change else None,
        "form": MeasurementForm(indicator=indicator) if can_change else None,
        "period": indicator.current_period(),
        "history": history_for(indicator),
    }
    return render(request, "visions/indicator_detail.html", context)


@idempotent_create
def indicator_create(request, pk):
    objective = perms.get_object_or_deny(
        request.user, Objective.objects.select_related("vision__site"), CHANGE, pk=pk
    )
    vision = objective.vision
    form = IndicatorForm(request.POST or None, vision=vision, initial={"objective": objective})
    if request.method == "POST" and form.is_valid():
        indicator = form.save()
        messages.success(
            request, _("L'indicateur « %(name)s » est ajouté.") % {"name": indicator.name}
        )
        return redirect(indicator)
    return render(
        request,
        "visions/indicator_form.html",
        {"form": form, "site": vision.site, "objective": objective, "indicator": None},
    )


def indicator_edit(request, pk):
    indicator = _indicator(request, pk, CHANGE)
    vision = indicator.objective.vision
    form = IndicatorForm(request.POST or None, instance=indicator, vision=vision)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("L'indicateur est enregistré."))
        return redirect(indicator)
    return render(
        request,
        "visions/indicator_form.html",
        {
            "form": form,
            "site": vision.site,
            "objective": indicator.objective,
            "indicator": indicator,
        },
    )


def indicator_delete(request, pk):
    indicator = _indicator(request, pk, CHANGE)
    site = indicator.objective.vision.site
    if request.method == "POST":
        indicator.delete()
        messages.success(
            request, _("L'indicateur « %(name)s » est supprimé.") % {"name": indicator.name}
        )
        return redirect("visions:vision_tree", pk=site.pk)
    return render(
        request,
        "visions/confirm_delete.html",
        {
            "site": site,
            "object_label": _("l'indicateur « %(name)s »") % {"name": indicator.name},
            "consequences": [
                _("%(count)d mesure(s)") % {"count": indicator.measurements.count()},
                _("son analyse « inverser la courbe »"),
            ],
            "cancel_url": indicator.get_absolute_url(),
        },
    )


def curve_edit(request, pk):
    indicator = _indicator(request, pk, CHANGE)
    curve = TurnTheCurve.objects.filter(indicator=indicator).first() or TurnTheCurve(
        indicator=indicator
    )
    form = TurnTheCurveForm(request.POST or None, instance=curve)
    if request.method == "POST" and form.is_valid():
        curve = form.save(commit=False)
        curve.updated_by = request.user
        curve.save()
        messages.success(request, _("L'analyse « inverser la courbe » est enregistrée."))
        return redirect(reverse("visions:indicator_detail", args=[indicator.pk]) + "#courbe")
    return render(
        request,
        "visions/curve_form.html",
        {"form": form, "site": indicator.objective.vision.site, "indicator": indicator},
    )


# Measurements ----------------------------------------------------------------------


@idempotent_create
def measurement_create(request, pk):
    indicator = _indicator(request, pk, CHANGE)
    form = MeasurementForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.measurements_record(entries=[form.to_entry()], author=request.user)
        except ValidationError as exc:
            form.add_error("date", exc.messages[0])
        else:
            messages.success(
                request,
                _("Valeur enregistrée : %(value)s au %(date)s.")
                % {
                    "value": format_decimal(form.cleaned_data["value"]),
                    "date": form.cleaned_data["date"].strftime("%d/%m/%Y"),
                },
            )
            return redirect(indicator)
    return render(
        request,
        "visions/measurement_form.html",
        {"form": form, "site": indicator.objective.vision.site, "indicator": indicator},
    )


@require_POST
def indicator_official_measurement(request, pk):
    """Record the newer vintage of the indicator's official data as a measurement: what
    the indicator's page offers, never done by itself."""
    indicator = _indicator(request, pk, CHANGE)
    value = official.newer_value(indicator)
    if value is None or str(value.vintage) != request.POST.get("vintage"):
        messages.info(request, _("Aucun nouveau millésime à enregistrer."))
        return redirect(indicator)
    day = official.vintage_date(value.vintage)
    try:
        services.measurements_record(
            entries=[
                services.Entry(
                    indicator=indicator,
                    date=day,
                    value=official.baseline_from(value)[0],
                    comment=official.describe(value)[:500],
                )
            ],
            author=request.user,
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("Le millésime %(vintage)d est enregistré comme mesure au %(date)s.")
            % {"vintage": value.vintage, "date": day.strftime("%d/%m/%Y")},
        )
    return redirect(indicator)


@require_POST
def measurement_delete(request, pk):
    measurement = perms.get_object_or_deny(
        request.user, Measurement.objects.select_related("indicator"), CHANGE, pk=pk
    )
    indicator = measurement.indicator
    measurement.delete()
    messages.success(
        request,
        _("La valeur du %(date)s est supprimée.") % {"date": measurement.date.strftime("%d/%m/%Y")},
    )
    return redirect(indicator)


# The grid: every indicator of a site, one row each ------------------------------------


def _grid_indicators(site):
    return with_recent_values(
        Indicator.objects.filter(objective__vision__site=site)
        .select_related("objective")
        .order_by("objective__position", "objective__pk", "name", "pk")
    )


def _prefix(indicator) -> str:
    return f"i{indicator.pk}"


def _posted_pairs(data, indicators):
    """(indicator id, date) of the rows with a value, read from the raw POST, so that
    duplicates are checked in one query before the forms validate."""
    field = DateFormField()
    pairs = set()
    for indicator in indicators:
        prefix = _prefix(indicator)
        if not (data.get(f"{prefix}-value") or "").strip():
            continue
        try:
            day = field.clean(data.get(f"{prefix}-date"))
        except ValidationError:
            continue
        pairs.add((indicator.pk, day))
    return pairs


def _row(indicator, form, *, saved=None, can_change=True):
    return {"indicator": indicator, "form": form, "saved": saved, "can_change": can_change}


def _grid_context(site, indicators, rows, can_change, errors=()):
    return {
        "site": site,
        "rows": rows,
        "can_change": can_change,
        "errors": list(errors),
        "today": timezone.localdate(),
        "has_indicators": bool(indicators),
    }


@idempotent_create
def indicator_grid(request, pk):
    """All of a site's indicators on one page, to enter the latest period's values at once.

    The whole grid submits as one form: every row with a value is recorded, or none if
    any row is wrong. Each row can also be saved alone (``indicator_grid_row``).
    """
    site = load_site(request, pk, CHANGE if request.method == "POST" else VIEW)
    can_change = request.method == "POST" or perms.can_change(request.user, site)
    indicators = _grid_indicators(site)
    if request.method != "POST":
        rows = [
            _row(i, MeasurementForm(indicator=i, prefix=_prefix(i)), can_change=can_change)
            for i in indicators
        ]
        return render(
            request,
            "visions/indicator_grid.html",
            _grid_context(site, indicators, rows, can_change),
        )

    taken = services.existing_dates(_posted_pairs(request.POST, indicators))
    forms_ = [
        MeasurementForm(request.POST, indicator=i, prefix=_prefix(i), optional=True, taken=taken)
        for i in indicators
    ]
    filled = [form for form in forms_ if not form.is_blank]
    invalid = [form for form in forms_ if not form.is_valid()]
    if not invalid and filled:
        try:
            created = services.measurements_record(
                entries=[form.to_entry() for form in filled], author=request.user
            )
        except ValidationError as exc:
            invalid = filled
            for form in filled:
                form.add_error(None, exc.messages[0])
        else:
            messages.success(
                request,
                _("%(count)d valeur(s) enregistrée(s).") % {"count": len(created)},
            )
            return redirect("visions:indicator_grid", pk=site.pk)
    if not filled and not invalid:
        messages.info(request, _("Aucune valeur saisie : rien n'a été enregistré."))
        return redirect("visions:indicator_grid", pk=site.pk)
    errors = [
        (form.indicator, form.add_prefix(field) if field != "__all__" else None, message)
        for form in invalid
        for field, messages_ in form.errors.items()
        for message in messages_
    ]
    rows = [_row(form.indicator, form) for form in forms_]
    return render(
        request,
        "visions/indicator_grid.html",
        _grid_context(site, indicators, rows, True, errors),
    )


@require_POST
@vary_on_headers("HX-Request")
@idempotent_create
def indicator_grid_row(request, pk, indicator_pk):
    """Save one row of the grid. With HTMX, answer with the row alone, saved or with its
    errors; without JavaScript, come back to the grid."""
    site = load_site(request, pk, CHANGE)
    indicator = get_object_or_404(
        Indicator.objects.filter(objective__vision__site=site), pk=indicator_pk
    )
    form = MeasurementForm(request.POST, indicator=indicator, prefix=_prefix(indicator))
    saved = None
    if form.is_valid():
        try:
            saved = services.measurements_record(entries=[form.to_entry()], author=request.user)[0]
        except ValidationError as exc:
            form.add_error("date", exc.messages[0])
    if not request.htmx:
        if saved is not None:
            messages.success(
                request,
                _("« %(name)s » : %(value)s enregistré au %(date)s.")
                % {
                    "name": indicator.name,
                    "value": format_decimal(saved.value),
                    "date": saved.date.strftime("%d/%m/%Y"),
                },
            )
            return redirect(
                reverse("visions:indicator_grid", args=[site.pk]) + f"#ligne-{indicator.pk}"
            )
        indicators = _grid_indicators(site)
        rows = []
        for other in indicators:
            if other.pk == indicator.pk:
                rows.append(_row(other, form))
                continue
            # Keep what was typed in the other rows, without validating them.
            prefix = _prefix(other)
            initial = {
                name: request.POST.get(f"{prefix}-{name}", "")
                for name in ("date", "value", "comment")
            }
            rows.append(
                _row(other, MeasurementForm(indicator=other, prefix=prefix, initial=initial))
            )
        errors = [
            (indicator, form.add_prefix(field) if field != "__all__" else None, message)
            for field, messages_ in form.errors.items()
            for message in messages_
        ]
        return render(
            request,
            "visions/indicator_grid.html",
            _grid_context(site, indicators, rows, True, errors),
        )
    # HTMX: the row again, with fresh figures once saved.
    [fresh] = with_recent_values(
        Indicator.objects.select_related("objective").filter(pk=indicator.pk)
    )
    if saved is not None:
        form = MeasurementForm(indicator=fresh, prefix=_prefix(fresh))
    else:
        form.indicator = fresh
    return render(
        request,
        "visions/includes/grid_row.html",
        {**_row(fresh, form, saved=saved), "site": site},
        status=200 if saved is None else 201,  # 201: created (qic.idempotency), swapped alike
    )


@idempotent_create
def measurement_import(request, pk):
    """Upload a CSV: what is cheap is checked here (a refused file is shown with its
    errors, nothing stored); then the import runs as a job and its page follows it."""
    site = load_site(request, pk, CHANGE)
    site_vision(site)
    form = MeasurementImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            job = services.measurement_import_request(
                site=site, upload=form.cleaned_data["file"], author=request.user
            )
        except MeasurementImportError as exc:
            errors = exc.shown_errors()
        else:
            return redirect(job)
    return render(
        request,
        "visions/measurement_import.html",
        {"form": form, "site": site, "import_errors": errors, "max_rows": MAX_ROWS},
    )


@vary_on_headers("HX-Request")
def measurement_import_job(request, pk):
    """An import's page: it polls itself with HTMX while the job waits or runs (a link
    reloads it without JavaScript), then shows the count or the errors."""
    job = get_object_or_404(
        MeasurementImport.objects.for_user(request.user).select_related("site"), pk=pk
    )
    return render_page_or_fragment(
        request, "visions/measurement_import_job.html", {"job": job, "site": job.site}, "status"
    )


def measurement_template(request, pk):
    """A CSV to fill in with the site's indicators, dated for the period to report."""
    site = load_site(request, pk)
    indicators = list(
        Indicator.objects.filter(objective__vision__site=site).order_by(
            "objective__position", "objective__pk", "name", "pk"
        )
    )
    dates = {i.pk: i.current_period().end for i in indicators}
    response = HttpResponse(template_csv(indicators, dates), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mesures-site-{site.pk}.csv"'
    return response
