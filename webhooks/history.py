"""Register the subscribers with the change journal (django-auditlog); deliveries are
themselves a log."""

from auditlog.registry import auditlog

from webhooks import models

auditlog.register(models.Subscriber, exclude_fields=["updated_at", "secret"], m2m_fields={"sites"})
