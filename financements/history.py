"""Register every model of the app with the change journal (django-auditlog)."""

from auditlog.registry import auditlog

from financements import models

auditlog.register(models.FundingLine, exclude_fields=["updated_at"])
