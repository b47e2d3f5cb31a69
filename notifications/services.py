"""The reminder engine: plan, create, claim, send — the same for every kind.

The sweep (``reminders_sweep``, run by beat every few minutes, or by
``manage.py send_reminders``) does, each time:

1. put back in the queue the rows whose sender vanished (« en cours » too long);
2. ask each kind what is due, and insert the missing rows — the unique key
   (kind, object, recipient, occurrence) makes a rerun or a concurrent sweep
   insert nothing twice — with their in-app notifications;
3. send the pending rows that are due, each claimed first: one sender only.

Claiming is ``SELECT … FOR UPDATE SKIP LOCKED`` where the database has it
(PostgreSQL), else a conditional ``UPDATE … WHERE id = … AND status = 'en attente'``;
a row is sent only by whoever claimed it. docs/reminders.md says what this promises.
"""

import logging
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from notifications import bulk, emails, registry
from notifications.enums import Delivery, ReminderStatus
from notifications.models import Notification, NotificationPreference, Reminder
from notifications.preferences import DIGEST_KEY, Choice, choice_for_reminder, choices_for
from notifications.registry import Due, ReminderKind, SweepContext, occurrence_key
from qic.celery import enqueue_on_commit
from quartiers.models import Personne

logger = logging.getLogger(__name__)

ERROR_MAX_LENGTH = 2000
SEND_LIMIT = 500  # per sweep; the next sweep sends the rest
CLAIM_BATCH = 50  # rows claimed at once, then sent one by one
BULK_BATCH = 1000  # rows per INSERT: one statement of 32,000 rows binds too slowly
MAX_IN_LIST = 1000  # ids sent as parameters of one query, beyond which another filter does


# -- 1. planning: what would be created (no writes) -----------------------------------


@dataclass
class Planned:
    """A reminder row to create."""

    kind: ReminderKind
    due: Due
    user: User | None
    personne: Personne | None
    email: str
    delivery: str
    content_type_id: int  # of ``due.obj``
    status: str = ReminderStatus.PENDING
    note: str = ""

    @property
    def occurrence(self) -> str:
        return occurrence_key(self.due.occurrence)

    def key(self) -> tuple:
        return _key(
            self.content_type_id,
            self.due.obj.pk,
            self.user.pk if self.user else None,
            self.personne.pk if self.personne else None,
            self.occurrence,
        )

    def describe(self) -> str:
        if self.status == ReminderStatus.CANCELLED:
            how = _("notification dans l'application seulement (résumé désactivé)")
        elif self.delivery == Delivery.DIGEST:
            how = _("dans le résumé hebdomadaire")
        else:
            how = _("par e-mail")
        return _("« %(kind)s » — %(obj)s — à %(email)s, %(how)s") % {
            "kind": self.kind.label,
            "obj": self.due.obj,
            "email": self.email,
            "how": how,
        }


def _key(content_type_id, object_id, user_id, personne_id, occurrence) -> tuple:
    return (content_type_id, object_id, user_id, personne_id, occurrence)


def _recipient(due: Due) -> tuple[User | None, Personne | None]:
    if isinstance(due.recipient, User):
        return due.recipient, None
    if isinstance(due.recipient, Personne):
        return None, due.recipient
    raise TypeError(f"A reminder goes to a User or a Personne, not {due.recipient!r}.")


def plan_kind(kind: ReminderKind, ctx: SweepContext) -> list[Planned]:
    """The rows ``kind`` has come due for and that do not exist yet, for recipients
    who have not turned the kind off. Reads only."""
    dues = list(kind.due(ctx))
    if not dues:
        return []
    pairs = [(_recipient(due), due) for due in dues]
    choices = choices_for(
        kind,
        users={user for (user, _p), _d in pairs if user},
        personnes={personne for (_u, personne), _d in pairs if personne},
    )
    object_ids = {due.obj.pk for due in dues}
    existing_rows = Reminder.objects.filter(
        kind=kind.key, occurrence__in={occurrence_key(due.occurrence) for due in dues}
    )
    if len(object_ids) <= MAX_IN_LIST:
        # Else the kind and the occurrences narrow enough: thousands of parameters cost
        # more to send than the few rows they would leave out.
        existing_rows = existing_rows.filter(object_id__in=object_ids)
    existing = {
        _key(*row)
        for row in existing_rows.values_list(
            "content_type_id", "object_id", "user_id", "personne_id", "occurrence"
        )
    }
    planned: list[Planned] = []
    content_type_ids: dict[type, int] = {}  # get_for_model() for each of 32,000 rows adds up
    for (user, personne), due in pairs:
        if user is not None:
            if not user.is_active or not user.email:
                continue
            choice: Choice = choices[("user", user.pk)]
            email = user.email
        else:
            if not personne.email:
                continue
            choice = choices[("personne", personne.pk)]
            email = personne.email
        if not choice.enabled:
            continue
        model = type(due.obj)
        if model not in content_type_ids:
            content_type_ids[model] = ContentType.objects.get_for_model(model).pk
        row = Planned(
            kind=kind,
            due=due,
            user=user,
            personne=personne,
            email=email,
            delivery=choice.delivery,
            content_type_id=content_type_ids[model],
        )
        if row.delivery == Delivery.DIGEST and not choice.digest_enabled:
            row.status = ReminderStatus.CANCELLED
            row.note = _(
                "Résumé hebdomadaire désactivé : notification dans l'application seulement."
            )
        key = row.key()
        if key in existing:
            continue
        existing.add(key)
        planned.append(row)
    return planned


@transaction.atomic
def reminders_create(planned: list[Planned], ctx: SweepContext) -> int:
    """Insert the planned rows (a concurrent sweep's rows are skipped by the unique
    key) and their in-app notifications."""
    if not planned:
        return 0
    rows = []
    for item in planned:
        reminder = Reminder(
            kind=item.kind.key,
            object_repr=str(item.due.obj)[:200],
            user=item.user,
            personne=item.personne,
            email=item.email,
            occurrence=item.occurrence,
            data=item.due.data,
            delivery=item.delivery,
            status=item.status,
            last_error=item.note,
            due_at=ctx.now,
            created_at=ctx.now,
            content_type_id=item.content_type_id,
            object_id=item.due.obj.pk,
        )
        # What ``reminder.target = obj`` does, without looking the content type up again.
        Reminder.target.set_cached_value(reminder, item.due.obj)
        rows.append(reminder)
    if bulk.supported():
        inserted = bulk.insert_reminders(rows)
    else:
        Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=BULK_BATCH)
        inserted = _inserted_here(planned, rows)
    _notify(planned, rows, inserted)
    return len(rows)


def _row_key(kind: str, key: tuple) -> tuple:
    """A reminder's kind and unique key: what ``bulk.insert_reminders`` returns."""
    return (kind, *key)


def _inserted_here(planned: list[Planned], rows: list[Reminder]) -> dict[tuple, int]:
    """``{row key: id}`` of the rows this sweep inserted, read back after
    ``bulk_create`` (a row another sweep inserted first has another ``created_at``)."""
    stored = Reminder.objects.filter(
        kind__in={item.kind.key for item in planned},
        created_at=rows[0].created_at,
        occurrence__in={item.occurrence for item in planned},
        notification__isnull=True,
    )
    object_ids = {item.due.obj.pk for item in planned}
    if len(object_ids) <= MAX_IN_LIST:
        stored = stored.filter(object_id__in=object_ids)
    return {
        _row_key(kind, _key(*key)): pk
        for kind, pk, *key in stored.values_list(
            "kind", "pk", "content_type_id", "object_id", "user_id", "personne_id", "occurrence"
        )
    }


def _notify(planned: list[Planned], rows: list[Reminder], inserted: dict[tuple, int]) -> None:
    """The bell's notifications of the reminders inserted here, one per reminder."""
    notifications = []
    for item, reminder in zip(planned, rows, strict=True):
        if not item.kind.in_app or item.user is None:
            continue
        pk = inserted.get(_row_key(reminder.kind, item.key()))
        if pk is None:
            continue  # inserted by another sweep, which notified
        reminder.pk = pk
        notifications.append(
            Notification(
                user_id=reminder.user_id,
                kind=reminder.kind,
                message=item.kind.message(reminder)[:300],
                url=item.kind.url(reminder)[:500],
                reminder_id=pk,
                created_at=reminder.created_at,
            )
        )
    if bulk.supported():
        bulk.insert_notifications(notifications)
    else:
        Notification.objects.bulk_create(
            notifications, ignore_conflicts=True, batch_size=BULK_BATCH
        )


# -- 2. claiming and sending one reminder ------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: str  # a ReminderStatus, or "" when the row was not ours to send
    retry_in: timedelta | None = None


NOT_CLAIMED = Outcome(status="")


def reminder_claim(reminder_id: int, now) -> Reminder | None:
    """Take the row « en attente » → « en cours » if nobody else has; None otherwise."""
    ready = Reminder.objects.filter(pk=reminder_id, status=ReminderStatus.PENDING, due_at__lte=now)
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            # Only the reminder's row is locked, its recipient read in the same query.
            row = (
                ready.select_related("user", "personne")
                .select_for_update(skip_locked=True, of=("self",))
                .first()
            )
            if row is None:
                return None
            row.status = ReminderStatus.SENDING
            row.claimed_at = now
            row.attempts += 1
            row.save(update_fields=["status", "claimed_at", "attempts"])
        return row
    else:
        claimed = ready.update(
            status=ReminderStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        if claimed != 1:
            return None
    return Reminder.objects.select_related("user", "personne").get(pk=reminder_id)


def reminders_claim_batch(reminder_ids: list[int], now) -> list[Reminder]:
    """Take those of the rows ``reminder_ids`` still « en attente » and due, → « en
    cours », in one short transaction (PostgreSQL only): ``SELECT … FOR UPDATE SKIP
    LOCKED`` then one ``UPDATE``. A concurrent sweep skips the rows locked here, then
    finds them claimed: each row has one sender, as with ``reminder_claim``."""
    with transaction.atomic():
        rows = list(
            Reminder.objects.filter(
                pk__in=reminder_ids, status=ReminderStatus.PENDING, due_at__lte=now
            )
            .order_by("due_at", "pk")
            .select_related("user", "personne")
            .select_for_update(skip_locked=True, of=("self",))
        )
        if not rows:
            return []
        # The time of the claim, not the sweep's start: ``_claim_too_old`` counts from it.
        claimed_at = timezone.now()
        Reminder.objects.filter(pk__in=[row.pk for row in rows]).update(
            status=ReminderStatus.SENDING, claimed_at=claimed_at, attempts=F("attempts") + 1
        )
    for row in rows:
        row.status, row.claimed_at, row.attempts = (
            ReminderStatus.SENDING,
            claimed_at,
            row.attempts + 1,
        )
    return rows


def _claim_too_old(reminder: Reminder) -> bool:
    """A row claimed with its batch waits for the rows before it. Past half the claim
    timeout, another sweep may soon release it (``reminders_release_stale``) and send
    it: it is not sent from this batch."""
    return timezone.now() - reminder.claimed_at >= settings.REMINDER_CLAIM_TIMEOUT / 2


def _release(reminder: Reminder, **fields) -> bool:
    """Update a row we claimed, if it is still ours (not reclaimed after a timeout)."""
    return bool(
        Reminder.objects.filter(
            pk=reminder.pk, status=ReminderStatus.SENDING, claimed_at=reminder.claimed_at
        ).update(**fields)
    )


class SendBatch:
    """What the e-mails of a batch of reminders read, loaded in a few queries before the
    batch is sent (rather than a few queries per reminder): their targets with the
    relations each kind names (``ReminderKind.target_related``), and their recipients'
    preferences. Each reminder is still claimed, checked and released on its own; a
    reminder cancelled or unsubscribed meanwhile is not claimable, so not sent."""

    def __init__(self, rows: list[Reminder]):
        """``rows``: the reminders, with their ``user`` and ``personne``."""
        self.targets: dict[tuple[int, int], object] = {}
        wanted: dict[tuple[int, tuple[str, ...]], set] = {}
        for row in rows:
            kind = registry.get_kind(row.kind)
            related = kind.target_related if kind else ()
            wanted.setdefault((row.content_type_id, related), set()).add(row.object_id)
        for (content_type_id, related), ids in wanted.items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:
                continue
            queryset = model._base_manager.filter(pk__in=ids)
            if related:
                queryset = queryset.select_related(*related)
            for obj in queryset:
                self.targets[(content_type_id, obj.pk)] = obj
        self.choices: dict[tuple[str, str, int], Choice] = {}
        by_kind: dict[str, list[Reminder]] = {}
        for row in rows:
            by_kind.setdefault(row.kind, []).append(row)
        for key, kind_rows in by_kind.items():
            kind = registry.get_kind(key)
            if kind is None:
                continue
            found = choices_for(
                kind,
                users={row.user for row in kind_rows if row.user_id},
                personnes={row.personne for row in kind_rows if row.personne_id},
            )
            for (who, pk), choice in found.items():
                self.choices[(key, who, pk)] = choice

    @classmethod
    def of_ids(cls, reminder_ids: list[int]) -> "SendBatch":
        return cls(
            list(
                Reminder.objects.filter(pk__in=reminder_ids)
                .select_related("user", "personne")
                .only("kind", "content_type_id", "object_id", "user", "personne")
            )
        )

    def prepare(self, reminder: Reminder) -> None:
        """Give ``reminder`` (just claimed) its preloaded target."""
        target = self.targets.get((reminder.content_type_id, reminder.object_id))
        if target is not None:
            Reminder.target.set_cached_value(reminder, target)

    def choice(self, kind: ReminderKind, reminder: Reminder) -> Choice:
        who = ("user", reminder.user_id) if reminder.user_id else ("personne", reminder.personne_id)
        choice = self.choices.get((kind.key, *who))
        return choice if choice is not None else choice_for_reminder(kind, reminder)


def _cancel_reason(
    reminder: Reminder,
    kind: ReminderKind | None,
    ctx: SweepContext,
    batch: SendBatch | None = None,
) -> str:
    if kind is None:
        return _("Type de rappel inconnu : %(kind)s.") % {"kind": reminder.kind}
    if reminder.user is not None and not reminder.user.is_active:
        return _("Compte désactivé.")
    recipient = reminder.user or reminder.personne
    if not recipient.email:
        return _("Pas d'adresse e-mail.")
    choice = batch.choice(kind, reminder) if batch else choice_for_reminder(kind, reminder)
    if not choice.enabled:
        return _("Désactivé par le destinataire.")
    if reminder.target is None:
        return _("L'objet du rappel n'existe plus.")
    if not kind.still_due(reminder, ctx):
        return _("N'est plus d'actualité.")
    return ""


def retry_delay(attempt: int) -> timedelta:
    """Exponential backoff with jitter: about base × 2^(attempt-1), between half and all
    of it, at most 6 hours."""
    base = settings.REMINDER_RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0)
    base = min(base, 6 * 3600)
    return timedelta(seconds=base / 2 + random.uniform(0, base / 2))


def _failure(reminder: Reminder, exc: BaseException, ctx: SweepContext) -> Outcome:
    error = f"{type(exc).__name__}: {exc}"[:ERROR_MAX_LENGTH]
    permanent = emails.is_permanent(exc)
    if permanent or reminder.attempts >= ctx.settings.max_attempts:
        _release(reminder, status=ReminderStatus.FAILED, last_error=error)
        logger.warning(
            "Rappel %s en échec après %s tentative(s) : %s", reminder.pk, reminder.attempts, error
        )
        return Outcome(ReminderStatus.FAILED)
    delay = retry_delay(reminder.attempts)
    _release(
        reminder,
        status=ReminderStatus.PENDING,
        claimed_at=None,
        due_at=timezone.now() + delay,
        last_error=error,
    )
    logger.info(
        "Rappel %s : échec temporaire, nouvelle tentative dans %s (%s)", reminder.pk, delay, error
    )
    return Outcome(ReminderStatus.PENDING, retry_in=delay)


def reminder_deliver(
    *, reminder_id: int, ctx: SweepContext | None = None, batch: SendBatch | None = None
) -> Outcome:
    """Claim one reminder and send it, once. Safe to call any number of times, from
    any number of processes: only the claimant sends. ``batch``: what the sweep
    preloaded for the reminders it sends."""
    ctx = ctx or SweepContext.build()
    reminder = reminder_claim(reminder_id, ctx.now)
    if reminder is None:
        return NOT_CLAIMED
    return _send_claimed(reminder, ctx, batch)


def _send_claimed(reminder: Reminder, ctx: SweepContext, batch: SendBatch | None) -> Outcome:
    """Send a reminder this process has claimed, then mark it, if it is still ours."""
    if batch is not None:
        batch.prepare(reminder)
    kind = registry.get_kind(reminder.kind)
    try:
        reason = _cancel_reason(reminder, kind, ctx, batch)
        context = None if reason else kind.context(reminder, ctx)
        if not reason and context is None:
            reason = _("Rien à signaler.")
        if reason:
            _release(reminder, status=ReminderStatus.CANCELLED, last_error=reason)
            return Outcome(ReminderStatus.CANCELLED)
        recipient = reminder.user or reminder.personne
        reminder.email = recipient.email
        message = emails.build_message(reminder, kind, context)
        message.send()
    except SoftTimeLimitExceeded as exc:
        _failure(reminder, exc, ctx)
        raise
    except Exception as exc:
        if not isinstance(exc, OSError):  # smtplib errors are OSErrors; others are bugs
            logger.exception("Rappel %s : erreur en préparant l'e-mail", reminder.pk)
        return _failure(reminder, exc, ctx)
    # The mail server has accepted the message. Only a crash before the next line
    # commits could lead to a second sending (docs/reminders.md).
    with transaction.atomic():
        sent_at = timezone.now()
        if _release(
            reminder,
            status=ReminderStatus.SENT,
            sent_at=sent_at,
            email=reminder.email,
            last_error="",
        ):
            reminder.sent_at = sent_at
            kind.on_sent(reminder, context)
        else:
            logger.warning(
                "Rappel %s envoyé alors qu'il avait été repris par un autre envoi.", reminder.pk
            )
    return Outcome(ReminderStatus.SENT)


# -- 3. the sweep ------------------------------------------------------------------------


@dataclass
class SweepReport:
    released: int = 0
    created: int = 0
    outcomes: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def __str__(self):
        return _(
            "%(created)s rappel(s) créé(s), %(sent)s envoyé(s), %(retry)s à retenter, "
            "%(failed)s en échec, %(cancelled)s annulé(s), %(released)s repris après interruption."
        ) % {
            "created": self.created,
            "sent": self.outcomes[ReminderStatus.SENT],
            "retry": self.outcomes[ReminderStatus.PENDING],
            "failed": self.outcomes[ReminderStatus.FAILED],
            "cancelled": self.outcomes[ReminderStatus.CANCELLED],
            "released": self.released,
        }


class SweepError(Exception):
    """Some kinds failed; the others went through. Raised at the end of the sweep so
    that the job's heartbeat records the failure."""


def reminders_release_stale(ctx: SweepContext) -> int:
    """Rows « en cours » for longer than REMINDER_CLAIM_TIMEOUT: their sender died.
    Back to « en attente », or « échec » after the last attempt."""
    stale = Reminder.objects.filter(
        status=ReminderStatus.SENDING, claimed_at__lt=ctx.now - settings.REMINDER_CLAIM_TIMEOUT
    )
    stale.filter(attempts__gte=ctx.settings.max_attempts).update(
        status=ReminderStatus.FAILED,
        last_error=_("Envoi interrompu à la dernière tentative (processus arrêté ?)."),
    )
    return stale.update(
        status=ReminderStatus.PENDING,
        claimed_at=None,
        due_at=ctx.now,
        last_error=_("Envoi interrompu (processus arrêté ?) : nouvelle tentative."),
    )


def reminders_cancel_orphan_digest_items() -> int:
    """Items waiting for the digest of someone who has since turned the digest off."""
    off = NotificationPreference.objects.filter(kind=DIGEST_KEY, enabled=False).values("user_id")
    return Reminder.objects.filter(
        status=ReminderStatus.PENDING, delivery=Delivery.DIGEST, user_id__in=off
    ).update(
        status=ReminderStatus.CANCELLED,
        last_error=_("Résumé hebdomadaire désactivé : notification dans l'application seulement."),
    )


def reminders_ready(ctx: SweepContext, limit: int = SEND_LIMIT) -> list[int]:
    return list(
        Reminder.objects.filter(
            status=ReminderStatus.PENDING, delivery=Delivery.IMMEDIATE, due_at__lte=ctx.now
        )
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def reminders_plan(ctx: SweepContext) -> tuple[list[Planned], list[str]]:
    """Every row the sweep would create, and the kinds that failed. Reads only."""
    planned, errors = [], []
    for kind in registry.all_kinds():
        try:
            planned.extend(plan_kind(kind, ctx))
        except Exception:
            logger.exception("Type de rappel %s : impossible de calculer ce qui est dû", kind.key)
            errors.append(kind.key)
    return planned, errors


def _send_by_batches(ctx: SweepContext, report: SweepReport) -> None:
    """Send what is ready, claiming ``CLAIM_BATCH`` rows at a time."""
    ready = reminders_ready(ctx)
    for start in range(0, len(ready), CLAIM_BATCH):
        claimed = reminders_claim_batch(ready[start : start + CLAIM_BATCH], ctx.now)
        batch = SendBatch(claimed)
        for reminder in claimed:
            if _claim_too_old(reminder):
                # Back in the queue for the next sweep (this claim was not an attempt).
                _release(
                    reminder,
                    status=ReminderStatus.PENDING,
                    claimed_at=None,
                    attempts=F("attempts") - 1,
                )
                continue
            outcome = _send_claimed(reminder, ctx, batch)
            report.outcomes[outcome.status] += 1


def reminders_sweep(*, now=None) -> SweepReport:
    """Create what has come due and send what is pending. Idempotent: run it again, or
    twice at once, and nothing is sent twice. Not atomic as a whole: each row commits."""
    ctx = SweepContext.build(now)
    report = SweepReport()
    report.released = reminders_release_stale(ctx)
    reminders_cancel_orphan_digest_items()
    for kind in registry.all_kinds():
        try:
            report.created += reminders_create(plan_kind(kind, ctx), ctx)
        except Exception:
            logger.exception("Type de rappel %s : impossible de créer les rappels dus", kind.key)
            report.errors.append(kind.key)
    if connection.features.has_select_for_update_skip_locked:
        _send_by_batches(ctx, report)
    else:
        ready = reminders_ready(ctx)
        batch = SendBatch.of_ids(ready) if ready else None
        for reminder_id in ready:
            outcome = reminder_deliver(reminder_id=reminder_id, ctx=ctx, batch=batch)
            report.outcomes[outcome.status] += 1
    if report.errors:
        raise SweepError(
            _("Types de rappel en erreur : %(kinds)s. %(report)s")
            % {"kinds": ", ".join(report.errors), "report": report}
        )
    return report


# -- staff and user actions ------------------------------------------------------------


@transaction.atomic
def reminder_retry(*, reminder: Reminder) -> Reminder:
    """Send a failed reminder again (after fixing an address, say). The row is queued
    now; the worker, or else the next sweep, sends it."""
    from notifications.tasks import deliver

    Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.FAILED).update(
        status=ReminderStatus.PENDING,
        attempts=0,
        due_at=timezone.now(),
        claimed_at=None,
    )
    enqueue_on_commit(deliver, reminder.pk)
    reminder.refresh_from_db()
    return reminder


@transaction.atomic
def preference_unsubscribe(*, kind: str, user=None, personne=None) -> NotificationPreference:
    """Turn one kind off for one recipient (one-click unsubscribe) and drop what was
    still waiting to be sent."""
    pref, _created = NotificationPreference.objects.update_or_create(
        user=user, personne=personne, kind=kind, defaults={"enabled": False}
    )
    Reminder.objects.filter(
        kind=kind, user=user, personne=personne, status=ReminderStatus.PENDING
    ).update(status=ReminderStatus.CANCELLED, last_error=_("Désactivé par le destinataire."))
    return pref


@transaction.atomic
def preferences_save(*, user, choices: dict[str, tuple[bool, str]]) -> None:
    """Save ``{kind: (enabled, delivery)}`` for ``user``; only real changes are written."""
    current = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    for kind, (enabled, delivery) in choices.items():
        pref = current.get(kind)
        if pref is None:
            NotificationPreference.objects.create(
                user=user, kind=kind, enabled=enabled, delivery=delivery
            )
        elif (pref.enabled, pref.delivery) != (enabled, delivery):
            pref.enabled, pref.delivery = enabled, delivery
            pref.save(update_fields=["enabled", "delivery", "updated_at"])
        if not enabled:
            Reminder.objects.filter(kind=kind, user=user, status=ReminderStatus.PENDING).update(
                status=ReminderStatus.CANCELLED, last_error=_("Désactivé par le destinataire.")
            )


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_purge(*, now=None) -> int:
    """Delete notifications older than the retention period (90 days by default)."""
    ctx = SweepContext.build(now)
    cutoff = ctx.now - timedelta(days=ctx.settings.notification_retention_days)
    deleted, _per_model = Notification.objects.filter(created_at__lt=cutoff).delete()
    return deleted
