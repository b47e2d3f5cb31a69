"""The site journal: what happened on a site, newest first, read from its events.

The rows are ``SiteEvent``s (``quartiers.events``: the registry of kinds says each one's
title, filter, badge and link); the filters are the registry's groups. Two queries per
page (count and rows) whatever the data.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case, OuterRef, QuerySet, Subquery, When
from django.urls import reverse
from django.utils import timezone

from cercles.enums import CommitmentStatus
from cercles.models import Commitment
from quartiers.events import KINDS, groups, kinds_in
from quartiers.models import SiteEvent

LATE = "engagement_en_retard"


@dataclass
class JournalEntry:
    kind: str  # the filter (group) it belongs to
    title: str
    badge: str
    on: datetime.date
    label: str
    detail: str = ""
    url: str = ""
    days_late: int = 0  # a commitment late and still to do: by how many days


def journal_filters() -> list[tuple[str, str]]:
    return list(groups().items())


def journal_queryset(site_id: int, chosen: list[str] | None = None) -> QuerySet:
    """Events of the site that have happened, of the chosen filters (all when none),
    newest first; the order is total, so pages never overlap."""
    events = SiteEvent.objects.filter(site_id=site_id, happened_at__lte=timezone.now())
    kinds = kinds_in(chosen or [])
    if kinds:
        events = events.filter(kind__in=kinds)
    # A late commitment still to do says by how many days (its due date, by primary key).
    still_due = Commitment.objects.filter(
        pk=OuterRef("object_id"), status=CommitmentStatus.A_FAIRE
    ).values("due_on")
    return (
        events.only("kind", "happened_at", "label", "detail", "link_id", "object_id")
        .annotate(still_due_on=Case(When(kind=LATE, then=Subquery(still_due)), default=None))
        .order_by("-happened_at", "kind", "-pk")
    )


def journal_page(site_id: int, chosen, number, per_page: int) -> Page:
    return Paginator(journal_queryset(site_id, chosen), per_page).get_page(number)


def journal_entries(events) -> list[JournalEntry]:
    """The lines of ``events`` (a commitment still late says by how many days when they
    come from ``journal_queryset``)."""
    today = timezone.localdate()
    entries = []
    for event in events:
        kind = KINDS.get(event.kind)
        if kind is None:  # a kind no longer declared: ``rebuild_events`` removes it
            continue
        entries.append(
            JournalEntry(
                kind=kind.group,
                title=str(kind.title),
                badge=kind.badge,
                on=timezone.localdate(event.happened_at),
                label=kind.show_label(event.label) if kind.show_label else event.label,
                detail=kind.show_detail(event.detail) if kind.show_detail else event.detail,
                url=reverse(kind.url_name, args=[event.link_id])
                if kind.url_name and event.link_id
                else "",
                days_late=max((today - due).days, 0)
                if (due := getattr(event, "still_due_on", None))
                else 0,
            )
        )
    return entries
