"""Building reminder e-mails (French text and HTML, unsubscribe headers) and telling a
transient SMTP failure from a permanent one."""

import smtplib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from notifications.registry import ReminderKind
from notifications.tokens import unsubscribe_url


def absolute(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else settings.SITE_URL + path


def _message_id(reminder) -> str:
    # Stable per reminder: should a reminder ever go out twice (see docs/reminders.md),
    # receivers that deduplicate on Message-ID show it once.
    domain = urlsplit(settings.SITE_URL).hostname or "qic.localhost"
    return f"<rappel-{reminder.pk}@{domain}>"


def build_message(reminder, kind: ReminderKind, context: dict) -> EmailMultiAlternatives:
    recipient = reminder.user or reminder.personne
    unsubscribe = unsubscribe_url(kind=kind.key, user=reminder.user, personne=reminder.personne)
    context = {
        **context,
        "reminder": reminder,
        "kind_label": kind.label,
        "recipient_name": (
            reminder.user.get_short_name() if reminder.user else reminder.personne.first_name
        ),
        "has_account": reminder.user is not None,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute(reverse("notifications:preferences")),
    }
    subject = " ".join(render_to_string(f"{kind.template}_subject.txt", context).split())
    text = render_to_string(f"{kind.template}.txt", context)
    html = render_to_string(f"{kind.template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[recipient.email],
        headers={
            "Message-ID": _message_id(reminder),
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "X-QIC-Rappel": kind.key,
        },
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in kind.attachments(reminder, context):
        message.attach(filename, content, mimetype)
    return message


def is_permanent(exc: BaseException) -> bool:
    """A 5xx answer about this message or address: trying again will not help.

    Everything else — 4xx answers, a server that is down, disconnects, timeouts,
    authentication problems — is transient and retried.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return False  # the server's configuration, not this address: retry
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    return False
