"""Thin Celery tasks: the e-mails of accounts, sent after the request (accounts/services.py)."""

from celery import shared_task

from accounts import services


@shared_task(name="accounts.password_reset_deliver", soft_time_limit=60, time_limit=90)
def password_reset_deliver(email):
    services.password_reset_deliver(email=email)


@shared_task(name="accounts.invitation_deliver", soft_time_limit=60, time_limit=90)
def invitation_deliver(invitation_id, raw_token):
    services.invitation_deliver(invitation_id=invitation_id, raw_token=raw_token)
