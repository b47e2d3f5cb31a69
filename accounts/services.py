"""Account writes that send something: invitations, password reset links.

Both e-mails leave from a Celery task enqueued after commit (``qic.celery``), never from
the request: the request then does the same work whoever the address belongs to.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation
from qic.celery import enqueue_on_commit

logger = logging.getLogger(__name__)


def invitation_url(raw_token: str) -> str:
    return settings.SITE_URL + reverse("accounts:invitation_accept", args=[raw_token])


@transaction.atomic
def invitation_send(*, user, invited_by) -> Invitation:
    """Issue a fresh invitation for ``user`` (older links stop working) and have it e-mailed
    by a task once the transaction commits: the request does the same work whether the
    person was new or not, and never waits for the mail server."""
    from accounts import tasks

    Invitation.objects.filter(user=user).pending().update(revoked_at=timezone.now())
    invitation, raw_token = Invitation.issue(user=user, invited_by=invited_by)
    # Only the token's hash is stored: the link can only be built now, and travels to
    # the worker in the task's message.
    enqueue_on_commit(tasks.invitation_deliver, invitation.pk, raw_token)
    return invitation


def invitation_deliver(*, invitation_id: int, raw_token: str) -> bool:
    """E-mail the invitation, unless a newer one (or its expiry) made it void meanwhile.

    The account exists whatever happens to the mail: the invitation can be re-sent from
    the user's page, so a mail server failure is logged, not raised.
    """
    invitation = (
        Invitation.objects.select_related("user", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.is_usable:
        return False
    user = invitation.user
    context = {
        "user": user,
        "invited_by": invitation.invited_by,
        "url": invitation_url(raw_token),
        "expires_at": invitation.expires_at,
    }
    subject = "Votre accès à Quartiers à impact collectif"
    text = render_to_string("accounts/emails/invitation.txt", context)
    html = render_to_string("accounts/emails/invitation.html", context)
    try:
        send_mail(subject, text, None, [user.email], html_message=html)
    except Exception:
        logger.exception("Invitation e-mail to user %s could not be sent", user.pk)
        return False
    return True


def password_reset_request(*, email: str) -> None:
    """Have a password reset link e-mailed to ``email``, if it names an active account.

    The request only enqueues: looking the address up and sending happen in the task,
    so that an existing address answers exactly like an unknown one (same work, same
    time, same page) and nobody learns from the login pages who has an account.
    """
    from accounts import tasks

    enqueue_on_commit(tasks.password_reset_deliver, email)


def password_reset_deliver(*, email: str) -> int:
    """Send the reset link to the active accounts of ``email``; return how many."""
    from accounts.forms import PasswordResetForm

    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return 0
    users = list(form.get_users(form.cleaned_data["email"]))
    if not users:
        return 0
    site = urlsplit(settings.SITE_URL)
    try:
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            subject_template_name="accounts/emails/password_reset_subject.txt",
            email_template_name="accounts/emails/password_reset.txt",
            html_email_template_name="accounts/emails/password_reset.html",
            extra_email_context={"validity_hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
        )
    except Exception:
        # The person can ask again; the page already told them to check their inbox.
        logger.exception("Password reset e-mail could not be sent")
        return 0
    return len(users)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str):
    """Set the invited user's password and spend the invitation."""
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    now = timezone.now()
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    Invitation.objects.filter(user=user).pending().update(revoked_at=now)
    return user
