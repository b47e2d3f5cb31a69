"""Reading recipients' preferences in bulk: one query per kind, whatever the number."""

from dataclasses import dataclass

from notifications.enums import Delivery
from notifications.models import NotificationPreference
from notifications.registry import ReminderKind

DIGEST_KEY = "resume_hebdomadaire"


@dataclass(frozen=True)
class Choice:
    enabled: bool
    delivery: str  # Delivery; always IMMEDIATE for a person without an account
    digest_enabled: bool = True  # the account holder receives the weekly digest


def effective_choice(kind: ReminderKind, pref, digest_pref=None, *, has_account=True) -> Choice:
    enabled = pref.enabled if pref is not None else True
    if not has_account or not kind.digest_allowed:
        delivery = Delivery.IMMEDIATE
    else:
        delivery = pref.delivery if pref is not None else kind.default_delivery
    digest_enabled = digest_pref.enabled if digest_pref is not None else True
    return Choice(enabled=enabled, delivery=delivery, digest_enabled=digest_enabled)


def choices_for(kind: ReminderKind, *, users=(), personnes=()) -> dict[tuple[str, int], Choice]:
    """``{("user", id) | ("personne", id): Choice}`` for every given recipient."""
    result: dict[tuple[str, int], Choice] = {}
    user_ids = {u.pk for u in users}
    if user_ids:
        rows = NotificationPreference.objects.filter(
            user_id__in=user_ids, kind__in={kind.key, DIGEST_KEY}
        )
        own = {r.user_id: r for r in rows if r.kind == kind.key}
        digest = {r.user_id: r for r in rows if r.kind == DIGEST_KEY}
        for pk in user_ids:
            result[("user", pk)] = effective_choice(kind, own.get(pk), digest.get(pk))
    personne_ids = {p.pk for p in personnes}
    if personne_ids:
        rows = NotificationPreference.objects.filter(personne_id__in=personne_ids, kind=kind.key)
        own = {r.personne_id: r for r in rows}
        for pk in personne_ids:
            result[("personne", pk)] = effective_choice(kind, own.get(pk), has_account=False)
    return result


def choice_for_reminder(kind: ReminderKind, reminder) -> Choice:
    if reminder.user_id:
        return choices_for(kind, users=[reminder.user])[("user", reminder.user_id)]
    return choices_for(kind, personnes=[reminder.personne])[("personne", reminder.personne_id)]
