"""Report jobs in the change journal: who asked for what, and how it ended.

Progress moves by queryset updates, which the journal does not record (on purpose)."""

from auditlog.registry import auditlog

from reports import models

auditlog.register(models.ReportJob, exclude_fields=["progress"])
