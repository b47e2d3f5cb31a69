"""Indicators whose value for their last period is expected soon, and missing.

An indicator is measured at its frequency; the value of a period (a month, a quarter,
a half-year, a year) is due once the period has ended and **overdue** after a grace
period (``visions.progress.GRACE_DAYS``: 15 to 90 days). The reminder goes
``ReminderSettings.measurement_notice_days`` (7) before that deadline — never before
the period has ended — while no measurement is dated in the period or later (the
baseline counts).

To: the site's current trinôme (``TrinomeMandate`` → their account, else the person).
Nobody else. One reminder per site and deadline, listing its indicators (a site with
ten quarterly indicators sends one e-mail a quarter, not ten); the occurrence is the
deadline; a missed sweep sends it later, once. Sites suspended or gone are not chased.
Also the digest's « Mesures attendues » section, on the person's sites.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.audience import as_recipient, unique_recipients
from notifications.digest import DigestLine, DigestSection, DigestWindow, digest_section
from notifications.emails import absolute
from notifications.enums import Delivery
from notifications.kinds.site_inactive import NOT_CHASED
from notifications.registry import Due, ReminderKind, SweepContext, register
from qic.db import without_jit
from quartiers.models import TrinomeMandate
from visions.enums import Frequency
from visions.models import Indicator
from visions.progress import GRACE_DAYS, Period, period_containing, previous_period


@dataclass(frozen=True)
class Expected:
    period: Period
    deadline: date  # overdue after this day


def expected_measurement(indicator: Indicator, today: date, notice_days: int) -> Expected | None:
    """The latest period whose reminder day has come by ``today``, if its value is
    missing, from the latest measurement ``indicator`` stores."""
    frequency = Frequency(indicator.frequency)
    grace = timedelta(days=GRACE_DAYS[frequency])
    notice = timedelta(days=notice_days)
    period = period_containing(today, frequency)
    while max(period.end, period.end + grace - notice) > today:
        period = previous_period(period)
    reference = indicator.latest_date or indicator.baseline_date
    if reference >= period.start:
        return None
    return Expected(period=period, deadline=period.end + grace)


def awaited(today: date, notice_days: int) -> Q:
    """In SQL, the indicators that ``expected_measurement`` may
    return something for: no value since the start of the period it would expect
    (which depends on the frequency only), so the sweep loads only those."""
    condition = Q(pk__in=[])
    for frequency in Frequency:
        grace = timedelta(days=GRACE_DAYS[frequency])
        notice = timedelta(days=notice_days)
        period = period_containing(today, frequency)
        while max(period.end, period.end + grace - notice) > today:
            period = previous_period(period)
        condition |= Q(frequency=frequency) & (
            Q(latest_date__lt=period.start)
            | Q(latest_date__isnull=True, baseline_date__lt=period.start)
        )
    return condition


def chased_indicators():
    return (
        Indicator.objects.exclude(objective__vision__site__status__in=NOT_CHASED)
        .select_related("objective__vision__site")
        .order_by("pk")
    )


@register
class MeasurementDue(ReminderKind):
    key = "mesure_attendue"  # stored in rows: never rename
    label = gettext_lazy("Mesure d'indicateur attendue")
    description = gettext_lazy(
        "Quand la valeur d'indicateurs pour leur dernière période (mois, trimestre, "
        "semestre, année) est attendue et pas encore saisie, au trinôme du site : un "
        "rappel par site et par date limite, qui les liste tous."
    )
    default_delivery = Delivery.DIGEST  # a week's notice: the digest is early enough

    def due(self, ctx: SweepContext):
        current = TrinomeMandate.objects.filter(start_date__lte=ctx.today).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=ctx.today)
        )
        notice_days = ctx.settings.measurement_notice_days
        indicators = (
            chased_indicators()
            .filter(awaited(ctx.today, notice_days))
            .prefetch_related(
                Prefetch(
                    "objective__vision__site__trinome_mandates",
                    queryset=current.select_related("personne__user").order_by("seat", "pk"),
                    to_attr="current_mandates",
                )
            )
        )
        # One reminder per site and deadline (indicators of the same frequency share
        # it): the trinôme enters them all at once in the site's grid.
        groups: dict[tuple[int, date], tuple] = {}
        with without_jit():
            indicators = list(indicators)
        for indicator in indicators:
            expected = expected_measurement(
                indicator, ctx.today, ctx.settings.measurement_notice_days
            )
            if expected is None:
                continue
            site = indicator.objective.vision.site
            _site, items = groups.setdefault((site.pk, expected.deadline), (site, []))
            items.append(
                {
                    "pk": indicator.pk,
                    "name": indicator.name,
                    "period": expected.period.label,
                    "start": expected.period.start.isoformat(),
                }
            )
        for (_pk, deadline), (site, items) in groups.items():
            data = {
                "site": site.name,
                "deadline": deadline.isoformat(),
                "indicators": items,
                "url": reverse("visions:indicator_grid", args=[site.pk]),
            }
            people = [as_recipient(m.personne) for m in site.current_mandates]
            for recipient in unique_recipients(people):
                yield Due(obj=site, recipient=recipient, occurrence=deadline, data=data)

    @staticmethod
    def missing(reminder) -> list[tuple[Indicator, dict]]:
        """The reminder's indicators still without a value for their period, with their
        latest value (one query)."""
        wanted = {item["pk"]: item for item in reminder.data["indicators"]}
        found = Indicator.objects.filter(pk__in=wanted).order_by("name", "pk")
        return [
            (indicator, wanted[indicator.pk])
            for indicator in found
            if (indicator.latest_date or indicator.baseline_date)
            < date.fromisoformat(wanted[indicator.pk]["start"])
        ]

    def still_due(self, reminder, ctx: SweepContext) -> bool:
        if reminder.target.status in NOT_CHASED:
            return False
        return bool(self.missing(reminder))

    def message(self, reminder) -> str:
        items = reminder.data["indicators"]
        values = {
            "site": reminder.data["site"],
            "date": date.fromisoformat(reminder.data["deadline"]).strftime("%d/%m/%Y"),
        }
        if len(items) == 1:
            return _(
                "%(site)s : la valeur « %(period)s » de l'indicateur « %(name)s » est "
                "attendue d'ici le %(date)s."
            ) % {**values, **items[0]}
        return _("%(site)s : %(count)s indicateurs attendent leur valeur d'ici le %(date)s.") % {
            **values,
            "count": len(items),
        }

    def url(self, reminder) -> str:
        return reminder.data["url"]

    def context(self, reminder, ctx: SweepContext) -> dict:
        return {
            **super().context(reminder, ctx),
            "site": reminder.target,
            "rows": [
                {"indicator": indicator, "period": item["period"], "latest": indicator.latest()}
                for indicator, item in self.missing(reminder)
            ],
            "deadline": date.fromisoformat(reminder.data["deadline"]),
            "link": absolute(reminder.data["url"]),
        }


@digest_section(order=14)
def measurements_due(user, sites, window: DigestWindow) -> DigestSection | None:
    """Values expected (or overdue) on the person's sites."""
    from notifications.models import ReminderSettings

    notice = ReminderSettings.current().measurement_notice_days
    indicators = chased_indicators().filter(objective__vision__site__in=sites)
    lines = []
    for indicator in indicators.order_by("objective__vision__site__name", "name", "pk"):
        expected = expected_measurement(indicator, window.today, notice)
        if expected is None:
            continue
        site = indicator.objective.vision.site
        late = expected.deadline < window.today
        text = (
            _(
                "%(site)s : « %(indicator)s », valeur « %(period)s » en retard (attendue au "
                "plus tard le %(date)s)"
            )
            if late
            else _("%(site)s : « %(indicator)s », valeur « %(period)s » attendue d'ici le %(date)s")
        )
        values = {
            "site": site.name,
            "indicator": indicator.name,
            "period": expected.period.label,
            "date": expected.deadline.strftime("%d/%m/%Y"),
        }
        lines.append(
            DigestLine(
                text=text % values,
                url=absolute(reverse("visions:indicator_grid", args=[site.pk])),
            )
        )
    return DigestSection(title=_("Mesures attendues"), lines=lines)
