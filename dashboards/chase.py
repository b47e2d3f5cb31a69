"""« À relancer »: which sites someone should call, why, and since when.

A site is listed while it is on the programme's active path (from the formation-action to
essaimage; a suspended or departed site is not chased) and at least one of these holds:

- **no activity**: nothing happened on it for ``DASHBOARD_CHASE_INACTIVE_DAYS`` days
  (60 by default): its last activity (``quartiers.activity``, the definition of the
  « site sans activité » reminder and of the reports), or its entry in the programme;
- **overdue commitments**: commitments still « à faire » past their due date
  (``cercles``' rule), since the oldest due date;
- **overdue measurements**: indicators whose due value is missing (``visions.progress``'
  rule), since the oldest latest value (or baseline);
- **vision not adopted**: no adopted vision ``DASHBOARD_CHASE_VISION_DAYS_AFTER_FORMATION``
  days after its cohort's last formation-action session, since that session.

Four queries whatever the number of sites: one per rule, grouped by site in SQL.
"""

import dataclasses
import datetime

from django.conf import settings
from django.db.models import Count, Min, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cercles.models import Commitment
from quartiers.activity import with_last_activity
from quartiers.enums import SiteStatus
from quartiers.models import FormationSession
from visions.models import Indicator

ACTIVE_STATUSES = [
    SiteStatus.FORMATION_ACTION,
    SiteStatus.VISION_ADOPTEE,
    SiteStatus.MISE_EN_OEUVRE,
    SiteStatus.ESSAIMAGE,
]

INACTIVE = "activite"
COMMITMENTS = "engagements"
MEASUREMENTS = "mesures"
VISION = "vision"


@dataclasses.dataclass(frozen=True)
class Reason:
    kind: str
    text: str
    since: datetime.date | None


@dataclasses.dataclass
class ChaseLine:
    site_id: int
    name: str
    status: str
    reasons: list[Reason]

    @property
    def oldest(self) -> datetime.date:
        return min((r.since for r in self.reasons if r.since), default=datetime.date.max)

    def get_status_display(self):
        return SiteStatus(self.status).label


def chase_list(sites, user, today: datetime.date | None = None) -> list[ChaseLine]:
    """The sites of ``sites`` (already scoped to ``user``) to chase, the longest-waiting
    first."""
    today = today or timezone.localdate()
    now = timezone.now()
    active = sites.filter(status__in=ACTIVE_STATUSES)
    inactive_days = settings.DASHBOARD_CHASE_INACTIVE_DAYS
    vision_days = settings.DASHBOARD_CHASE_VISION_DAYS_AFTER_FORMATION

    last_session = (
        FormationSession.objects.filter(cohort=OuterRef("cohort"))
        .order_by("-date")
        .values("date")[:1]
    )
    rows = (
        with_last_activity(active)
        .annotate(
            formation_end=Subquery(last_session),
        )
        .values(
            "pk",
            "name",
            "status",
            "created_at",
            "last_activity",
            "formation_end",
            "vision__adopted_on",
        )
    )
    lines: dict[int, ChaseLine] = {}

    def line(row) -> ChaseLine:
        return lines.setdefault(row["pk"], ChaseLine(row["pk"], row["name"], row["status"], []))

    cutoff = now - datetime.timedelta(days=inactive_days)
    for row in rows:
        last = row["last_activity"]
        since = timezone.localtime(last).date()
        if last < cutoff:
            text = (
                _("Aucune activité enregistrée depuis l'entrée dans le programme (%(date)s)")
                if last == row["created_at"]  # no event at all: silent since created
                else _("Aucune activité enregistrée depuis le %(date)s")
            ) % {"date": f"{since:%d/%m/%Y}"}
            line(row).reasons.append(Reason(INACTIVE, text, since))
        end = row["formation_end"]
        if (
            end
            and row["vision__adopted_on"] is None
            and end + datetime.timedelta(days=vision_days) < today
        ):
            text = _(
                "Vision pas encore adoptée après la formation-action (dernière session le %(date)s)"
            ) % {"date": f"{end:%d/%m/%Y}"}
            line(row).reasons.append(Reason(VISION, text, end))
    active_ids = active.values("pk")
    commitments = (
        Commitment.objects.for_user(user)
        .filter(meeting__cercle__site__in=active_ids)
        .overdue(today)
        .values(
            "meeting__cercle__site", "meeting__cercle__site__name", "meeting__cercle__site__status"
        )
        .annotate(count=Count("pk"), oldest=Min("due_on"))
        .order_by()
    )
    for row in commitments:
        site_id = row["meeting__cercle__site"]
        entry = lines.setdefault(
            site_id,
            ChaseLine(
                site_id,
                row["meeting__cercle__site__name"],
                row["meeting__cercle__site__status"],
                [],
            ),
        )
        text = ngettext(
            "%(count)d engagement en retard, le plus ancien dû le %(date)s",
            "%(count)d engagements en retard, le plus ancien dû le %(date)s",
            row["count"],
        ) % {"count": row["count"], "date": f"{row['oldest']:%d/%m/%Y}"}
        entry.reasons.append(Reason(COMMITMENTS, text, row["oldest"]))

    site_path = "objective__vision__site"
    indicators = (
        Indicator.objects.for_user(user)
        .filter(**{f"{site_path}__in": active_ids})
        .overdue(today)
        .values(site_path, f"{site_path}__name", f"{site_path}__status")
        .annotate(count=Count("pk"), oldest=Min("reference_date"))
        .order_by()
    )
    for row in indicators:
        site_id = row[site_path]
        entry = lines.setdefault(
            site_id,
            ChaseLine(site_id, row[f"{site_path}__name"], row[f"{site_path}__status"], []),
        )
        text = ngettext(
            "%(count)d indicateur sans sa mesure attendue, dernière valeur le %(date)s",
            "%(count)d indicateurs sans leur mesure attendue, plus ancienne dernière valeur le %(date)s",
            row["count"],
        ) % {"count": row["count"], "date": f"{row['oldest']:%d/%m/%Y}"}
        entry.reasons.append(Reason(MEASUREMENTS, text, row["oldest"]))

    order = {INACTIVE: 0, COMMITMENTS: 1, MEASUREMENTS: 2, VISION: 3}
    for entry in lines.values():
        entry.reasons.sort(key=lambda r: order[r.kind])
    return sorted(lines.values(), key=lambda e: (e.oldest, e.name, e.site_id))
