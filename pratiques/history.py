"""Register every model of the app with the change journal (django-auditlog)."""

from auditlog.registry import auditlog

from pratiques import models

auditlog.register(
    models.Practice, m2m_fields={"partners", "indicators"}, exclude_fields=["updated_at"]
)
auditlog.register(models.PracticeDocument, exclude_fields=["file"])
auditlog.register(models.PracticeComment)
auditlog.register(models.PracticeBookmark)
auditlog.register(models.PracticeAdoption)
