"""Register every model of the app with the change journal (django-auditlog)."""

from auditlog.registry import auditlog

from publication import models

auditlog.register(models.PublicPage, exclude_fields=["updated_at"], m2m_fields={"indicators"})
