"""Writes that touch several models or send something. Plain saves stay form saves."""

import logging
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.services import invitation_send
from qic.celery import enqueue_on_commit
from quartiers import events
from quartiers.enums import SiteStatus
from quartiers.models import Personne, Site, SiteAccess, SiteStatusChange, Structure, TrinomeMandate

logger = logging.getLogger(__name__)


@transaction.atomic
def site_create(
    *, site: Site, quartiers, author, status: str, status_date: date, comment: str
) -> Site:
    """Save a new, unsaved site (from its form or the API) with its QPV and its first,
    dated status."""
    site.status = status
    if site.chef_de_projet_id is None and author.role == Role.CHEF_DE_PROJET:
        site.chef_de_projet = author
    site.save()
    site.quartiers.set(quartiers)
    SiteStatusChange.objects.create(
        site=site, status=status, date=status_date, comment=comment, author=author
    )
    return site


@transaction.atomic
def site_change_status(
    *, site: Site, status: str, on: date, comment: str, author
) -> SiteStatusChange:
    """Move a site to a new status, dated and commented, if the move is allowed."""
    site = Site.objects.select_for_update().get(pk=site.pk)
    if status not in site.next_statuses():
        raise ValidationError(
            {
                "status": _("Un site « %(current)s » ne peut pas passer à « %(target)s ».")
                % {"current": site.get_status_display(), "target": SiteStatus(status).label}
            }
        )
    if on > timezone.localdate():
        raise ValidationError({"date": _("La date ne peut pas être dans le futur.")})
    last = site.status_changes.order_by("-date", "-created_at").first()
    if last and on < last.date:
        raise ValidationError(
            {
                "date": _("La date précède le dernier changement de statut (%(date)s).")
                % {"date": last.date.strftime("%d/%m/%Y")}
            }
        )
    change = SiteStatusChange.objects.create(
        site=site, status=status, date=on, comment=comment, author=author
    )
    site.status = status
    site.save(update_fields=["status", "updated_at"])
    return change


@transaction.atomic
def trinome_assign(
    *,
    site: Site,
    seat: str,
    personne: Personne,
    structure: Structure,
    start_date: date,
    author=None,
) -> TrinomeMandate:
    """Give a seat of the trinôme to a new holder, ending the current holder's mandate
    the day before."""
    current = (
        TrinomeMandate.objects.select_for_update()
        .filter(site=site, seat=seat, end_date__isnull=True)
        .first()
    )
    if current and start_date <= current.start_date:
        raise ValidationError(
            {
                "start_date": _(
                    "Le nouveau mandat doit commencer après le début du mandat en cours (%(date)s)."
                )
                % {"date": current.start_date.strftime("%d/%m/%Y")}
            }
        )
    with events.acting(author):  # the end of one mandate, the start of the next: events
        if current:
            current.end_date = start_date - timedelta(days=1)
            current.save(update_fields=["end_date"])
        mandate = TrinomeMandate(
            site=site, seat=seat, personne=personne, structure=structure, start_date=start_date
        )
        mandate.full_clean()
        mandate.save()
    personne.sites.add(site)
    return mandate


@transaction.atomic
def site_member_invite(*, email, first_name, last_name, role, sites, invited_by):
    """Create an account for a new site member or observer, grant it the given sites and
    e-mail an invitation (sent once the transaction commits)."""
    from accounts.models import User

    user = User.objects.create_user(
        email=email, password=None, first_name=first_name, last_name=last_name, role=role
    )
    for site in sites:
        SiteAccess.objects.create(site=site, user=user, granted_by=invited_by)
    invitation_send(user=user, invited_by=invited_by)
    return user


def follow_up_recipients(site) -> list[tuple[str, str]]:
    """Whom a follow-up of ``site`` can be e-mailed to: its trinôme today and its members,
    as (address, « Name — what they are ») pairs, each address once."""
    found: dict[str, str] = {}
    for mandate in (
        TrinomeMandate.objects.current()
        .filter(site=site)
        .select_related("personne__user")
        .order_by("seat")
    ):
        email = mandate.personne.email or getattr(mandate.personne.user, "email", "")
        if email:
            found.setdefault(
                email.lower(),
                _("%(name)s — trinôme, %(seat)s")
                % {"name": mandate.personne, "seat": mandate.get_seat_display()},
            )
    for access in (
        SiteAccess.objects.filter(site=site, user__is_active=True, user__role=Role.MEMBRE)
        .select_related("user")
        .order_by("user__last_name")
    ):
        found.setdefault(
            access.user.email.lower(), _("%(name)s — membre du site") % {"name": access.user}
        )
    return sorted(found.items(), key=lambda item: item[1])


@transaction.atomic
def site_follow_up(*, site, author, channel, message, subject="", recipients=(), contacted_on):
    """Record that ``author`` chased ``site`` and, for an e-mail, send it once committed."""
    from quartiers import tasks
    from quartiers.enums import FollowUpChannel
    from quartiers.models import SiteFollowUp

    follow_up = SiteFollowUp.objects.create(
        site=site,
        created_by=author,
        channel=channel,
        subject=subject,
        message=message,
        recipients=", ".join(recipients),
        contacted_on=contacted_on,
    )
    if channel == FollowUpChannel.EMAIL and recipients:
        enqueue_on_commit(tasks.follow_up_deliver, follow_up.pk)
    return follow_up


def follow_up_deliver(*, follow_up_id: int) -> bool:
    """E-mail a follow-up to its recipients, answers going to its author. A mail server
    failure is logged: the follow-up stays recorded (and can be sent again by hand)."""
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string

    from quartiers.models import SiteFollowUp

    follow_up = (
        SiteFollowUp.objects.select_related("site", "created_by").filter(pk=follow_up_id).first()
    )
    if follow_up is None or not follow_up.recipients:
        return False
    author = follow_up.created_by
    body = render_to_string("quartiers/emails/follow_up.txt", {"follow_up": follow_up})
    message = EmailMessage(
        follow_up.subject,
        body,
        to=[address.strip() for address in follow_up.recipients.split(",") if address.strip()],
        reply_to=[author.email] if author else None,
    )
    try:
        message.send()
    except Exception:
        logger.exception("Follow-up e-mail %s could not be sent", follow_up.pk)
        return False
    return True
