"""Retention: accounts and contacts inactive for ``RETENTION_INACTIVE_DAYS`` are
anonymised, ``RETENTION_NOTICE_DAYS`` after a notice.

Inactive means:

- an account: no log-in and no API use since the cut-off (or, never logged in, created
  before it); technical superusers are left alone;
- a contact (``Personne``): not modified since the cut-off, no open trinôme mandate, no
  open cercle membership, no commitment still « à faire », no meeting attended since,
  and its account (if any) inactive.

A notice is e-mailed (when there is an address) once the person is within
``RETENTION_NOTICE_DAYS`` of the limit; a log-in or a change of the contact cancels it.
The erasure happens only when a notice older than the notice period exists: nobody is
anonymised without having been warned first, even if the job was down for a while.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from privacy.models import Erasure, ErasureReason, RetentionNotice, Subject
from privacy.services import person_anonymise
from qic.idempotency import claims_forget
from quartiers.models import Personne

logger = logging.getLogger(__name__)


@dataclass
class RetentionOutcome:
    warned: int = 0
    cancelled: int = 0
    anonymised: int = 0


def _periods():
    inactive = timedelta(days=settings.RETENTION_INACTIVE_DAYS)
    notice = timedelta(days=settings.RETENTION_NOTICE_DAYS)
    return inactive, notice


def inactive_users(since: datetime):
    """Accounts with no activity since ``since``, not yet anonymised."""
    erased = Erasure.objects.filter(subject=Subject.COMPTE, object_id=OuterRef("pk"))
    return (
        User.objects.filter(is_superuser=False)
        .annotate(
            last_api_use=Max("api_tokens__last_used_at"),
        )
        .annotate(
            last_activity=Greatest(
                Coalesce("last_login", "date_joined"),
                Coalesce("last_api_use", "date_joined"),
            )
        )
        .filter(last_activity__lte=since)
        .exclude(Exists(erased))
    )


def inactive_personnes(since: datetime):
    """Contacts untouched and absent from every current role since ``since``."""
    from cercles.enums import CommitmentStatus
    from cercles.models import Attendance, CercleMember, Commitment
    from quartiers.models import TrinomeMandate

    erased = Erasure.objects.filter(subject=Subject.PERSONNE, object_id=OuterRef("pk"))
    open_mandate = TrinomeMandate.objects.filter(personne=OuterRef("pk")).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=since.date())
    )
    open_membership = CercleMember.objects.filter(personne=OuterRef("pk")).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=since.date())
    )
    open_commitment = Commitment.objects.filter(
        owner=OuterRef("pk"), status=CommitmentStatus.A_FAIRE
    )
    attended = Attendance.objects.filter(
        member__personne=OuterRef("pk"), meeting__starts_at__gte=since
    )
    return (
        Personne.objects.filter(updated_at__lte=since)
        .filter(Q(user__isnull=True) | Q(user__in=inactive_users(since).values("pk")))
        .exclude(Exists(erased))
        .exclude(Exists(open_mandate))
        .exclude(Exists(open_membership))
        .exclude(Exists(attended))
        .exclude(Exists(open_commitment))
    )


def _send_notice(*, email: str, name: str, erase_after: datetime, has_account: bool) -> bool:
    if not email:
        return False
    context = {
        "name": name,
        "erase_after": timezone.localtime(erase_after),
        "has_account": has_account,
        "site_url": settings.SITE_URL,
        "contact_email": settings.CONTACT_EMAIL,
    }
    try:
        send_mail(
            subject="Quartiers à impact collectif : vos données seront anonymisées",
            message=render_to_string("privacy/emails/retention_notice.txt", context),
            from_email=None,
            recipient_list=[email],
        )
    except Exception:  # one bad address must not stop the job
        logger.exception("Préavis d'anonymisation non envoyé à un destinataire")
        return False
    return True


def retention_run(*, now: datetime | None = None) -> RetentionOutcome:
    """Warn, cancel or anonymise; idempotent (safe to run twice a day)."""
    now = now or timezone.now()
    inactive, notice = _periods()
    outcome = RetentionOutcome()
    warn_since = now - inactive + notice

    # Accounts.
    still_inactive = set(inactive_users(warn_since).values_list("pk", flat=True))
    for stale in RetentionNotice.objects.filter(user__isnull=False).exclude(
        user__in=still_inactive
    ):
        stale.delete()
        outcome.cancelled += 1
    warned = set(
        RetentionNotice.objects.filter(user__isnull=False).values_list("user_id", flat=True)
    )
    for user in User.objects.filter(pk__in=still_inactive - warned):
        erase_after = now + notice
        emailed = user.is_active and _send_notice(
            email=user.email, name=user.get_full_name(), erase_after=erase_after, has_account=True
        )
        RetentionNotice.objects.create(
            user=user, warned_at=now, erase_after=erase_after, emailed=emailed
        )
        outcome.warned += 1

    # Contacts.
    still_inactive_p = set(inactive_personnes(warn_since).values_list("pk", flat=True))
    for stale in RetentionNotice.objects.filter(personne__isnull=False).exclude(
        personne__in=still_inactive_p
    ):
        stale.delete()
        outcome.cancelled += 1
    warned_p = set(
        RetentionNotice.objects.filter(personne__isnull=False).values_list("personne_id", flat=True)
    )
    for personne in Personne.objects.filter(pk__in=still_inactive_p - warned_p):
        erase_after = now + notice
        emailed = personne.user_id is None and _send_notice(
            email=personne.email,
            name=personne.full_name,
            erase_after=erase_after,
            has_account=False,
        )
        RetentionNotice.objects.create(
            personne=personne, warned_at=now, erase_after=erase_after, emailed=emailed
        )
        outcome.warned += 1

    # Erasures: notices whose period has run out, for people still inactive.
    for due in RetentionNotice.objects.filter(erase_after__lte=now).select_related(
        "user", "personne"
    ):
        if not RetentionNotice.objects.filter(pk=due.pk).exists():
            continue  # gone with its account's erasure just above
        if due.user_id and due.user_id in still_inactive:
            person_anonymise(user=due.user, reason=ErasureReason.RETENTION, now=now)
            outcome.anonymised += 1
        elif due.personne_id and due.personne_id in still_inactive_p:
            person_anonymise(personne=due.personne, reason=ErasureReason.RETENTION, now=now)
            outcome.anonymised += 1

    # Submissions already answered (qic.idempotency): kept a day, for a replay only.
    claims_forget(now)
    return outcome
