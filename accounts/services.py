"""Account writes that send something: invitations."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation

logger = logging.getLogger(__name__)


def invitation_url(raw_token: str) -> str:
    return settings.SITE_URL + reverse("accounts:invitation_accept", args=[raw_token])


@transaction.atomic
def invitation_send(*, user, invited_by) -> Invitation:
    """Issue a fresh invitation for ``user`` (older links stop working) and e-mail it once
    the transaction commits."""
    Invitation.objects.filter(user=user).pending().update(revoked_at=timezone.now())
    invitation, raw_token = Invitation.issue(user=user, invited_by=invited_by)
    context = {
        "user": user,
        "invited_by": invited_by,
        "url": invitation_url(raw_token),
        "expires_at": invitation.expires_at,
    }
    subject = "Votre accès à Quartiers à impact collectif"
    text = render_to_string("accounts/emails/invitation.txt", context)
    html = render_to_string("accounts/emails/invitation.html", context)

    def deliver():
        # The account exists whatever happens to the mail: the invitation can be re-sent
        # from the user's page, so a mail server failure must not fail the request.
        try:
            send_mail(subject, text, None, [user.email], html_message=html)
        except Exception:
            logger.exception("Invitation e-mail to user %s could not be sent", user.pk)

    transaction.on_commit(deliver)
    return invitation


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
