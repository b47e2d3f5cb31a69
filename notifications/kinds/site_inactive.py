"""A site with no activity for 60 days (``ReminderSettings.inactivity_days``).

To: the national chef de projet who follows the site (``Site.chef_de_projet``) and
the accounts of the resource centres that accompany it now. Nobody else.
Once per period of silence: after 60 days, then after 120, 180… if it goes on.
The occurrence is the day the threshold was crossed (last activity + n × 60 days),
so a missed sweep sends it later, once, and new activity starts a new count.
Suspended and departed sites are not chased.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import Role
from notifications.audience import current_accompaniments
from notifications.emails import absolute
from notifications.enums import Delivery
from notifications.registry import Due, ReminderKind, SweepContext, register
from qic.db import without_jit
from quartiers.activity import site_last_activity, sites_inactive_since
from quartiers.enums import SiteStatus
from quartiers.models import Site

NOT_CHASED = (SiteStatus.SUSPENDU, SiteStatus.SORTI)


def recipients(site: Site) -> list:
    """The chef de projet, then the current centres' accounts, each once."""
    people = [site.chef_de_projet] if site.chef_de_projet_id else []
    for accompaniment in site.current_accompaniments:
        people.extend(accompaniment.centre.members.all())
    unique = {}
    for user in people:
        unique.setdefault(user.pk, user)
    return list(unique.values())


@register
class SiteInactive(ReminderKind):
    key = "site_inactif"
    label = gettext_lazy("Site sans activité")
    description = gettext_lazy(
        "Quand rien n'a été enregistré sur un site depuis longtemps (60 jours par défaut) : "
        "au chef de projet national qui le suit et aux centres de ressources qui "
        "l'accompagnent."
    )
    default_delivery = Delivery.DIGEST

    def applies_to(self, user) -> bool:
        return user.role in (Role.ADMIN, Role.CHEF_DE_PROJET, Role.CENTRE)

    def due(self, ctx: SweepContext):
        delay = ctx.settings.inactivity_days
        # Last activity on or before this day: ``today - delay``.
        cutoff = timezone.make_aware(
            datetime.combine(ctx.today - timedelta(days=delay - 1), time.min)
        )
        inactive = sites_inactive_since(Site.objects.exclude(status__in=NOT_CHASED), cutoff)
        with without_jit():
            last_activity = dict(inactive.values_list("pk", "last_activity"))
        sites = (
            Site.objects.filter(pk__in=last_activity)
            .select_related("chef_de_projet")
            .prefetch_related(
                Prefetch(
                    "accompaniments",
                    queryset=current_accompaniments(ctx.today).prefetch_related("centre__members"),
                    to_attr="current_accompaniments",
                )
            )
            .order_by("pk")
        )
        for site in sites:
            last = timezone.localdate(last_activity[site.pk])
            periods = (ctx.today - last).days // delay
            occurrence = last + timedelta(days=periods * delay)
            data = {"last_activity": last.isoformat(), "days": (occurrence - last).days}
            for user in recipients(site):
                yield Due(obj=site, recipient=user, occurrence=occurrence, data=data)

    def still_due(self, reminder, ctx: SweepContext) -> bool:
        site = reminder.target
        if site.status in NOT_CHASED:
            return False
        noted = date.fromisoformat(reminder.data["last_activity"])
        return timezone.localdate(site_last_activity(site)) <= noted

    def message(self, reminder) -> str:
        return _("Aucune activité enregistrée sur le site « %(site)s » depuis le %(date)s.") % {
            "site": reminder.target,
            "date": date.fromisoformat(reminder.data["last_activity"]).strftime("%d/%m/%Y"),
        }

    def context(self, reminder, ctx: SweepContext) -> dict:
        return {
            **super().context(reminder, ctx),
            "site": reminder.target,
            "last_activity": date.fromisoformat(reminder.data["last_activity"]),
            "days": reminder.data["days"],
            "site_link": absolute(reminder.target.get_absolute_url()),
        }
