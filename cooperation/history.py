"""Register the app's models with the change journal (django-auditlog)."""

from auditlog.registry import auditlog

from cooperation import models

auditlog.register(models.Link, exclude_fields=["updated_at"])
