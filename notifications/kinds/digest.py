"""The weekly digest: one e-mail per person, per week, with what concerns them.

Due every week from ``ReminderSettings.digest_weekday`` at ``digest_hour`` (Monday
8:00 by default), for every active account that has set its password. The
occurrence is that week's digest day: once a week at most, whatever the number of
sweeps. A sweep late by up to two days still sends it; after that the week is
skipped, and the next digest covers everything since the last one sent.
The content is gathered when sending: reminders the person chose to receive « dans
le résumé », then the sections of ``notifications.digest``, since the previous digest
sent (a first digest: since the account was created; five weeks at most). Nothing to
say: not sent (the row ends « annulé », « Rien à signaler »).
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

from auditlog.models import LogEntry
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from cercles import journal
from notifications import registry
from notifications.audience import followed_sites
from notifications.digest import DigestLine, DigestSection, DigestWindow, digest_section, sections
from notifications.emails import absolute
from notifications.enums import Delivery, ReminderStatus
from notifications.models import Reminder
from notifications.preferences import DIGEST_KEY
from notifications.registry import Due, ReminderKind, SweepContext, register
from qic.text import plural
from quartiers.events import kinds_in
from quartiers.models import SiteEvent, SiteStatusChange, TrinomeMandate
from visions.models import Measurement

CATCH_UP = timedelta(days=2)
LONGEST_WINDOW = timedelta(weeks=5)


def digest_moment(ctx: SweepContext) -> datetime:
    """The latest digest time at or before ``ctx.now`` (local weekday and hour)."""
    local = timezone.localtime(ctx.now)
    days_back = (local.weekday() - ctx.settings.digest_weekday) % 7
    day = local.date() - timedelta(days=days_back)
    moment = timezone.make_aware(datetime.combine(day, time(hour=ctx.settings.digest_hour)))
    if moment > ctx.now:
        moment -= timedelta(days=7)
    return moment


@register
class WeeklyDigest(ReminderKind):
    key = DIGEST_KEY
    label = gettext_lazy("Résumé hebdomadaire")
    description = gettext_lazy(
        "Un seul e-mail par semaine : ce qui s'est passé sur vos sites et les rappels que "
        "vous avez choisi d'y regrouper. Pas d'e-mail les semaines sans nouvelles."
    )
    default_delivery = Delivery.IMMEDIATE
    digest_allowed = False
    in_app = False

    def due(self, ctx: SweepContext):
        moment = digest_moment(ctx)
        if ctx.now - moment > CATCH_UP:
            return
        users = (
            User.objects.filter(is_active=True)
            .exclude(email="")
            .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
            .order_by("pk")
        )
        for user in users:
            yield Due(obj=user, recipient=user, occurrence=timezone.localdate(moment))

    def still_due(self, reminder, ctx: SweepContext) -> bool:
        # A newer week's digest replaces an older one that could not be sent.
        return reminder.occurrence == timezone.localdate(digest_moment(ctx)).isoformat()

    def message(self, reminder) -> str:
        return _("Votre résumé de la semaine")

    def url(self, reminder) -> str:
        return "/"

    def context(self, reminder, ctx: SweepContext) -> dict | None:
        user = reminder.user
        previous = (
            Reminder.objects.filter(kind=self.key, user=user, status=ReminderStatus.SENT)
            .exclude(pk=reminder.pk)
            .order_by("-sent_at")
            .values_list("sent_at", flat=True)
            .first()
        )
        # Since the previous digest sent, or, for a first one, since the account exists;
        # never more than five weeks back.
        since = max(previous or user.date_joined, ctx.now - LONGEST_WINDOW)
        window = DigestWindow(since=since, until=ctx.now, today=ctx.today)
        items = self._items(user, ctx)
        sites = followed_sites(user, ctx.today)
        found = [section(user, sites, window) for section in sections()]
        found = [section for section in found if section and section.lines]
        if not items and not found:
            return None
        return {
            "window": window,
            "items": [
                DigestLine(
                    text=f"{kind.label} : {kind.message(item)}",
                    url=absolute(kind.url(item)),
                )
                for item, kind in items
            ],
            "item_ids": [item.pk for item, _kind in items],
            "sections": found,
        }

    def _items(self, user, ctx: SweepContext) -> list:
        """Reminders waiting for this digest; those no longer relevant are cancelled."""
        items, stale = [], []
        waiting = Reminder.objects.filter(
            user=user, status=ReminderStatus.PENDING, delivery=Delivery.DIGEST
        ).order_by("created_at", "pk")
        for item in waiting:
            kind = registry.get_kind(item.kind)
            if kind is None or item.target is None or not kind.still_due(item, ctx):
                stale.append(item.pk)
            else:
                items.append((item, kind))
        if stale:
            Reminder.objects.filter(pk__in=stale, status=ReminderStatus.PENDING).update(
                status=ReminderStatus.CANCELLED, last_error=_("N'est plus d'actualité.")
            )
        return items

    def on_sent(self, reminder, context: dict) -> None:
        Reminder.objects.filter(pk__in=context["item_ids"], status=ReminderStatus.PENDING).update(
            status=ReminderStatus.SENT, sent_at=reminder.sent_at, digest=reminder
        )


# -- what happened on the user's sites -----------------------------------------------


@digest_section(order=20)
def status_changes(user, sites, window: DigestWindow) -> DigestSection | None:
    changes = (
        SiteStatusChange.objects.filter(
            site__in=sites, created_at__gte=window.since, created_at__lt=window.until
        )
        .select_related("site")
        .order_by("site__name", "date", "created_at")
    )
    lines = [
        DigestLine(
            text=_("%(site)s : « %(status)s » depuis le %(date)s")
            % {
                "site": change.site,
                "status": change.get_status_display(),
                "date": change.date.strftime("%d/%m/%Y"),
            },
            url=absolute(change.site.get_absolute_url()),
        )
        for change in changes
    ]
    return DigestSection(title=_("Parcours des sites"), lines=lines)


@digest_section(order=30)
def trinome_changes(user, sites, window: DigestWindow) -> DigestSection | None:
    touched = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(TrinomeMandate),
        timestamp__gte=window.since,
        timestamp__lt=window.until,
        object_id__in=TrinomeMandate.objects.filter(site__in=sites).values("pk"),
    ).values("object_id")
    mandates = (
        TrinomeMandate.objects.filter(pk__in=touched)
        .select_related("site", "personne", "structure")
        .order_by("site__name", "seat", "start_date")
    )
    lines = []
    for mandate in mandates:
        values = {
            "site": mandate.site,
            "personne": mandate.personne,
            "structure": mandate.structure,
            "seat": mandate.get_seat_display(),
        }
        if mandate.end_date:
            values["date"] = mandate.end_date.strftime("%d/%m/%Y")
            text = _(
                "%(site)s : fin du mandat de %(personne)s (%(structure)s), siège « %(seat)s », le %(date)s"
            )
        else:
            values["date"] = mandate.start_date.strftime("%d/%m/%Y")
            text = _(
                "%(site)s : %(personne)s (%(structure)s) tient le siège « %(seat)s » depuis le %(date)s"
            )
        lines.append(DigestLine(text=text % values, url=absolute(mandate.site.get_absolute_url())))
    return DigestSection(title=_("Trinômes"), lines=lines)


# Journal filters told in the digest; status and trinôme changes have their sections
# above, overdue commitments are in « Vos engagements », measurements are counted by
# when they were entered (their event is dated by the period, often weeks earlier).
JOURNAL_GROUPS = ("reunion", "decision", "engagement_tenu", "vision")


@digest_section(order=40)
def site_journal(user, sites, window: DigestWindow) -> DigestSection | None:
    """What happened on the person's sites, from their events (the site journal's rows):
    meetings held, decisions, commitments kept, visions adopted, dated in the window;
    and the measurements entered in the window."""
    since, until = timezone.localdate(window.since), window.today
    lines = []
    followed = list(sites.order_by("name", "pk"))
    events = SiteEvent.objects.filter(
        site__in=followed,
        kind__in=kinds_in(JOURNAL_GROUPS),
        happened_at__date__gte=since,
        happened_at__date__lt=until,
    ).order_by("happened_at", "kind", "pk")
    by_site = defaultdict(list)
    for event in events:
        by_site[event.site_id].append(event)
    for site in followed:
        for entry in journal.journal_entries(by_site[site.pk]):
            values = {
                "site": site.name,
                "title": entry.title,
                "date": entry.on.strftime("%d/%m/%Y"),
                "label": entry.label,
                "detail": entry.detail,
            }
            if entry.detail:
                text = _("%(site)s : %(title)s le %(date)s — %(label)s (%(detail)s)") % values
            else:
                text = _("%(site)s : %(title)s le %(date)s — %(label)s") % values
            lines.append(DigestLine(text=text, url=absolute(entry.url) if entry.url else ""))
    entered = (
        Measurement.objects.filter(
            indicator__objective__vision__site__in=followed,
            created_at__gte=window.since,
            created_at__lt=window.until,
        )
        .values("indicator__objective__vision__site_id", "indicator__objective__vision__site__name")
        .annotate(count=Count("pk"))
        .order_by("indicator__objective__vision__site__name")
    )
    for row in entered:
        lines.append(
            DigestLine(
                text=_("%(site)s : %(count)s")
                % {
                    "site": row["indicator__objective__vision__site__name"],
                    "count": plural(
                        row["count"], "%(count)d mesure saisie", "%(count)d mesures saisies"
                    ),
                },
                url=absolute(
                    reverse(
                        "visions:indicator_grid",
                        args=[row["indicator__objective__vision__site_id"]],
                    )
                ),
            )
        )
    return DigestSection(title=_("Sur vos sites"), lines=lines)
