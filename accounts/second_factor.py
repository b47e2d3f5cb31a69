"""Optional TOTP second factor (django-otp) for the ANCT roles.

At login we note in the session whether the account has a confirmed authenticator, so
that the page-by-page check costs no query for everyone else.
"""

import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

SESSION_KEY = "qic_second_factor_required"


def may_use_second_factor(user) -> bool:
    return user.is_authenticated and (user.is_national or user.is_staff)


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def must_set_up(user) -> bool:
    return settings.OTP_REQUIRED_FOR_NATIONAL and user.is_national


def qr_code_svg(device) -> str:
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4,
        dark="#161616",
        title="QR code à scanner avec votre application d'authentification",
    )


@receiver(user_logged_in)
def note_second_factor(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = bool(
            may_use_second_factor(user) and (confirmed_device(user) or must_set_up(user))
        )
