"""The vision tree: from the vision down to objectives, their indicators and the actions
serving them, on one page.

A site has about 6 objectives, 24 indicators and 40 actions, so the page is built from
plain rows computed once here (figures, labels, links, badges, sparklines) rather than
from model instances whose methods, template tags and ``{% url %}`` run again in every
row: in a fixed number of queries that read only the columns shown.
"""

import dataclasses
from decimal import Decimal

from django.db.models import Case, Exists, F, OuterRef, Value, When, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from qic import charts
from qic.numbers import format_decimal
from quartiers import perms
from quartiers.models import Site
from quartiers.querysets import CHANGE
from visions import progress as rules
from visions.enums import ActionStatus, Direction, Frequency, Track
from visions.models import Action, Indicator, Measurement
from visions.templatetags.visions import (
    action_badge,
    badge_for_track,
    overdue_badge_html,
    signed_percent,
)
from visions.views.vision import SPARKLINE_POINTS

# A primary key no row has, replaced by the real one in URLs reversed once per page.
_PK_PLACEHOLDER = 2147483647


def _url_maker(name):
    """A function from a primary key to the URL ``name`` takes it in: one ``reverse()``
    per kind of link rather than one per link (the page has about a hundred)."""
    pattern = reverse(name, args=[_PK_PLACEHOLDER])
    placeholder = str(_PK_PLACEHOLDER)
    return lambda pk: pattern.replace(placeholder, str(pk))


@dataclasses.dataclass(frozen=True)
class IndicatorRow:
    """The cells of one indicator's row, as HTML."""

    heading: SafeString  # its name, linked, with its direction and frequency
    sparkline: SafeString
    latest: SafeString
    progress: SafeString
    situation: SafeString  # track and overdue badges


@dataclasses.dataclass
class Branch:
    """One objective with its indicators and the actions serving it."""

    pk: int
    title: str
    description: str
    contrat_priority: str
    # Where its buttons lead, for those who may change the vision.
    move_url: str
    edit_url: str
    delete_url: str
    add_indicator_url: str
    add_action_url: str
    indicators: list = dataclasses.field(default_factory=list)
    actions: list = dataclasses.field(default_factory=list)


def _sparkline_values(vision) -> dict[int, list[Decimal]]:
    """The latest values of every indicator of the vision, oldest first, in one query."""
    rows = (
        Measurement.objects.filter(indicator__objective__vision=vision)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("indicator")],
                order_by=[F("date").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=SPARKLINE_POINTS)
        .order_by("indicator_id", "date", "pk")
        .values_list("indicator_id", "value")
    )
    values = {}
    for indicator_id, value in rows:
        values.setdefault(indicator_id, []).append(value)
    return values


def _indicator_rows(vision, today) -> list[tuple[int, IndicatorRow]]:
    """(objective id, row) of every indicator of the vision, by name, with its stored
    standing."""
    indicators = (
        Indicator.objects.filter(objective__vision=vision)
        .order_by("name", "pk")
        .values(
            "pk",
            "objective_id",
            "name",
            "unit",
            "direction",
            "frequency",
            "target_value",
            "latest_value",
            "latest_date",
            "progress",
            "track",
            "next_due_on",
        )
    )
    sparklines = _sparkline_values(vision)
    shared = _RowParts(today)
    return [
        (
            indicator["objective_id"],
            _indicator_row(indicator, sparklines.get(indicator["pk"], []), shared),
        )
        for indicator in indicators
    ]


class _RowParts:
    """What every indicator row of a page shares, prepared once: the link pattern, the
    badges and the labels (each a format_html or a translation otherwise, per row)."""

    def __init__(self, today):
        self.today = today
        self.detail_url = _url_maker("visions:indicator_detail")
        self.track_badges = {track: badge_for_track(track) for track in Track}
        self.overdue_badge = overdue_badge_html()
        self.labels = {choice.value: str(choice.label) for choice in (*Direction, *Frequency)}


def _indicator_row(indicator, values, shared: _RowParts) -> IndicatorRow:
    value, day, progress = (
        indicator["latest_value"],
        indicator["latest_date"],
        indicator["progress"],
    )
    track, overdue = Track(indicator["track"]), indicator["next_due_on"] < shared.today
    return IndicatorRow(
        heading=format_html(
            '<a href="{}">{}</a><br><span class="fr-text--xs">{}, {}</span>',
            shared.detail_url(indicator["pk"]),
            indicator["name"],
            shared.labels[indicator["direction"]],
            shared.labels[indicator["frequency"]],
        ),
        sparkline=charts.sparkline(
            values,
            chart_id=f"tendance-{indicator['pk']}",
            title=gettext("Tendance : %(name)s") % {"name": indicator["name"]},
            reference=indicator["target_value"],
        ),
        latest=_latest_html(value, day, indicator["unit"]),
        progress=_progress_html(progress, indicator["name"]),
        situation=format_html(
            "{} {}", shared.track_badges[track], shared.overdue_badge if overdue else ""
        ),
    )


# The cells and items repeated in every row are written here, as qic.charts writes SVG:
# in the template each cost about ten nodes per row, most of the page's rendering time.
# Texts keep the message ids the template's {% blocktranslate %} had. The latest value
# and progress cells mirror templates/visions/includes/latest_value.html and progress.html
# (the indicator pages): change both.


def _translated(message, **values) -> SafeString:
    """``gettext(message) % values``, the values escaped, as {% blocktranslate %} does."""
    escaped = {key: conditional_escape(value) for key, value in values.items()}
    return mark_safe(gettext(message) % escaped)


def _latest_html(value, day, unit) -> SafeString:
    if day is None:
        return format_html('<span class="fr-text--sm">{}</span>', gettext("aucune mesure"))
    return format_html(
        '<strong>{}{}</strong><br><span class="fr-text--xs">{}</span>',
        format_decimal(value),
        format_html("&nbsp;{}", unit) if unit else "",
        _translated("au %(indicator_latest_date)s", indicator_latest_date=f"{day:%d/%m/%Y}"),
    )


def _progress_html(progress, name) -> SafeString:
    """The progress bar, capped to 0–100 %, and the raw ratio when it leaves that range."""
    if progress is None:
        return mark_safe('<span class="fr-text--sm">—</span>')
    percent = rules.percent(progress)
    if progress < 0:
        note = format_html(
            '<br><span class="fr-text--xs qic-text--error">{}</span>',
            _translated("s'éloigne de la cible (%(raw)s)", raw=signed_percent(progress)),
        )
    elif progress > 1:
        note = format_html(
            '<br><span class="fr-text--xs">{}</span>',
            _translated("cible dépassée (%(raw)s)", raw=signed_percent(progress)),
        )
    else:
        note = ""
    return format_html(
        '<progress class="qic-progress" max="100" value="{percent}" aria-label="{label}">'
        '{percent} %</progress> <span class="fr-text--sm">{percent} %</span>{note}',
        percent=percent,
        label=_translated(
            "Progression de « %(indicator_name)s » vers la cible", indicator_name=name
        ),
        note=note,
    )


def _action_items(site) -> list[tuple[int | None, SafeString]]:
    """(objective id or None, list item content) of every action of the site, in one
    query: an action appears once per objective it serves, by status then title, and
    once with None when it serves none, by title."""
    serves_none = When(objectives__isnull=True, then=Value(""))
    actions = (
        Action.objects.filter(site=site)
        .values_list("objectives", "pk", "title", "status", "porteur__name")
        .order_by(Case(serves_none, default=F("status")), "title", "pk")
    )
    detail_url = _url_maker("visions:action_detail")
    badges = {status.value: action_badge(status) for status in ActionStatus}
    return [
        (objective_id, _action_html(detail_url(pk), title, badges[status], porteur))
        for objective_id, pk, title, status, porteur in actions
    ]


def _action_html(url, title, badge, porteur) -> SafeString:
    return format_html(
        '<a href="{}">{}</a> {}{}',
        url,
        title,
        badge,
        format_html(
            ' <span class="fr-text--sm">{}</span>',
            _translated("portée par %(action_porteur)s", action_porteur=porteur),
        )
        if porteur
        else "",
    )


def _branches(site, today) -> list[Branch]:
    """The objectives of the site's vision by primary key, in their order, with their
    indicators."""
    urls = {
        name: _url_maker(f"visions:{name}")
        for name in ("objective_move", "objective_edit", "objective_delete", "indicator_create")
    }
    add_action_url = reverse("visions:action_create", args=[site.pk])
    objectives = site.vision.objectives.values("pk", "title", "description", "contrat_priority")
    branches = {
        objective["pk"]: Branch(
            **objective,
            move_url=urls["objective_move"](objective["pk"]),
            edit_url=urls["objective_edit"](objective["pk"]),
            delete_url=urls["objective_delete"](objective["pk"]),
            add_indicator_url=urls["indicator_create"](objective["pk"]),
            add_action_url=f"{add_action_url}?objectif={objective['pk']}",
        )
        for objective in objectives
    }
    for objective_id, row in _indicator_rows(site.vision, today):
        branches[objective_id].indicators.append(row)
    return branches


def _site_with_vision(request, pk) -> Site:
    """The site if the user may see it, with its vision and ``user_can_change``, in one
    query; 404 when it has no vision yet."""
    changeable = Site.objects.for_user(request.user, CHANGE).filter(pk=OuterRef("pk"))
    site = perms.get_object_or_deny(
        request.user,
        Site.objects.select_related("vision").annotate(user_can_change=Exists(changeable)),
        pk=pk,
    )
    if getattr(site, "vision", None) is None:
        raise Http404("Ce site n'a pas encore de vision.")
    return site


def vision_tree(request, pk):
    """From the vision down to objectives, their indicators and the actions serving them."""
    site = _site_with_vision(request, pk)
    branches = _branches(site, timezone.localdate())
    unlinked = []
    for objective_id, item in _action_items(site):
        if objective_id is None:
            unlinked.append(item)
        else:
            branches[objective_id].actions.append(item)
    context = {
        "site": site,
        "vision": site.vision,
        "objectives": list(branches.values()),
        "unlinked_actions": unlinked,
        "can_change": site.user_can_change,
    }
    return render(request, "visions/vision_tree.html", context)
