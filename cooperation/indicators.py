"""Cooperation indicators: their values, computed each quarter from the site's network of
actors and its meetings, recorded as measurements like any other value.

An indicator of the cooperation family (``Indicator.family``) names what it measures in
``cooperation_metric``:

- **structures**: structures in the site's network at the end of the quarter;
- **champs**: the fields they belong to;
- **assiduite**: the share (%) of the members of the site's open cercles, at the end of
  the quarter, who came to at least half of their cercle's meetings held in the quarter
  (no value when no meeting was held);
- **actions_interchamps**: actions under way (not abandoned, started) whose porteur and
  partners belong to two fields or more.

Values go through ``visions.services.measurements_record`` (standing, stamps, events and
journal stay right), dated the last day of the quarter; a quarter already measured is
left as it is (a value typed by hand wins), and none is computed for a quarter ending
before the indicator's reference date. The monitored daily job records the last
closed quarter; ``manage.py cooperation_indicators --depuis`` fills earlier ones.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cercles.enums import AttendanceStatus, MeetingStatus
from cercles.models import Attendance, CercleMember, Meeting
from cooperation.enums import field_of
from cooperation.network import build_network
from quartiers.models import Site
from visions import services as visions_services
from visions.enums import ActionStatus, CooperationMetric, IndicatorFamily
from visions.models import Action, Indicator


def quarter_end(day: datetime.date) -> datetime.date:
    """The last day of the quarter ``day`` is in."""
    month = 3 * ((day.month - 1) // 3) + 3
    first_of_next = (
        datetime.date(day.year + 1, 1, 1) if month == 12 else datetime.date(day.year, month + 1, 1)
    )
    return first_of_next - datetime.timedelta(days=1)


def last_closed_quarter_end(today: datetime.date) -> datetime.date:
    first = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return first - datetime.timedelta(days=1)


def quarter_ends(since: datetime.date, until: datetime.date) -> list[datetime.date]:
    """The ends of the quarters from the one of ``since`` to ``until`` (included)."""
    ends, end = [], quarter_end(since)
    while end <= until:
        ends.append(end)
        end = quarter_end(end + datetime.timedelta(days=1))
    return ends


def _quarter_start(end: datetime.date) -> datetime.date:
    return datetime.date(end.year, end.month - 2, 1)


def attendance_share(site, end: datetime.date) -> Decimal | None:
    """Share (%) of current members who came to half their cercle's meetings or more."""
    start = _quarter_start(end)
    held = defaultdict(int)
    for cercle_id in (
        Meeting.objects.filter(
            cercle__site=site,
            status=MeetingStatus.TENUE,
            starts_at__date__gte=start,
            starts_at__date__lte=end,
        )
        .filter(Q(cercle__closed_on__isnull=True) | Q(cercle__closed_on__gte=end))
        .values_list("cercle_id", flat=True)
    ):
        held[cercle_id] += 1
    if not held:
        return None
    members = list(
        CercleMember.objects.filter(cercle_id__in=held, joined_on__lte=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=end))
        .values_list("pk", "cercle_id")
    )
    if not members:
        return None
    present = defaultdict(int)
    for member_id in Attendance.objects.filter(
        member_id__in=[pk for pk, _c in members],
        status=AttendanceStatus.PRESENT,
        meeting__status=MeetingStatus.TENUE,
        meeting__starts_at__date__gte=start,
        meeting__starts_at__date__lte=end,
    ).values_list("member_id", flat=True):
        present[member_id] += 1
    regular = sum(1 for pk, cercle_id in members if 2 * present[pk] >= held[cercle_id])
    return (Decimal(100) * regular / len(members)).quantize(Decimal("0.1"))


def cross_field_actions(site, end: datetime.date) -> int:
    actions = dict(
        Action.objects.filter(site=site)
        .exclude(status=ActionStatus.ABANDONNEE)
        .filter(Q(start_date__lte=end) | Q(start_date__isnull=True, created_at__date__lte=end))
        .values_list("pk", "porteur__kind")
    )
    fields = {pk: ({field_of(kind)} if kind else set()) for pk, kind in actions.items()}
    for action_id, kind in Action.partners.through.objects.filter(
        action_id__in=actions
    ).values_list("action_id", "structure__kind"):
        fields[action_id].add(field_of(kind))
    return sum(1 for found in fields.values() if len(found) >= 2)


def values_at(site, end: datetime.date, metrics_wanted) -> dict[str, Decimal | None]:
    """The values of the cooperation metrics ``metrics_wanted`` for ``site`` on ``end``."""
    values: dict[str, Decimal | None] = {}
    if {CooperationMetric.STRUCTURES, CooperationMetric.FIELDS} & set(metrics_wanted):
        network = build_network(site, end)
        values[CooperationMetric.STRUCTURES] = Decimal(len(network.nodes))
        values[CooperationMetric.FIELDS] = Decimal(
            len({node.field for node in network.nodes.values()})
        )
    if CooperationMetric.ATTENDANCE in metrics_wanted:
        values[CooperationMetric.ATTENDANCE] = attendance_share(site, end)
    if CooperationMetric.CROSS_FIELD_ACTIONS in metrics_wanted:
        values[CooperationMetric.CROSS_FIELD_ACTIONS] = Decimal(cross_field_actions(site, end))
    return values


def cooperation_indicators_record(
    *, today: datetime.date | None = None, since: datetime.date | None = None, author=None
) -> int:
    """Record the missing quarterly values of every cooperation indicator: the last
    closed quarter, or every quarter from ``since``. How many values were recorded."""
    today = today or timezone.localdate()
    until = last_closed_quarter_end(today)
    ends = quarter_ends(since, until) if since else [until]
    indicators = list(
        Indicator.objects.filter(family=IndicatorFamily.COOPERATION)
        .exclude(cooperation_metric="")
        .select_related("objective__vision")
        .order_by("objective__vision__site_id", "pk")
    )
    by_site = defaultdict(list)
    for indicator in indicators:
        by_site[indicator.objective.vision.site_id].append(indicator)
    taken = visions_services.existing_dates(
        (indicator.pk, end) for indicator in indicators for end in ends
    )
    recorded = 0
    sites = Site.objects.in_bulk(list(by_site))
    for site_id, site_indicators in by_site.items():
        entries = []
        wanted = {indicator.cooperation_metric for indicator in site_indicators}
        for end in ends:
            missing = [
                i for i in site_indicators if (i.pk, end) not in taken and end > i.baseline_date
            ]
            if not missing:
                continue
            values = values_at(sites[site_id], end, wanted)
            for indicator in missing:
                value = values.get(indicator.cooperation_metric)
                if value is not None:
                    entries.append(
                        visions_services.Entry(
                            indicator=indicator,
                            date=end,
                            value=value,
                            comment=_("Calculé à partir de la carte des acteurs et des réunions."),
                        )
                    )
        if entries:
            with transaction.atomic():
                visions_services.measurements_record(entries=entries, author=author)
            recorded += len(entries)
    return recorded
