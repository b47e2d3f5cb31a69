"""Register every model of the app with the change journal (django-auditlog)."""

from auditlog.registry import auditlog

from visions import models
from visions.progress import STORED_FIELDS

auditlog.register(models.Vision)
auditlog.register(models.VisionVersion)
auditlog.register(models.Objective, exclude_fields=["updated_at"])
# The standing is journaled as the measurement and the fields it is computed from.
auditlog.register(models.Indicator, exclude_fields=["updated_at", *STORED_FIELDS])
auditlog.register(models.Measurement)
# Progress moves by queryset updates, which the journal does not record (on purpose).
auditlog.register(models.MeasurementImport, exclude_fields=["rows_done"])
auditlog.register(models.TurnTheCurve)
auditlog.register(models.Action, m2m_fields={"objectives", "partners"})
auditlog.register(models.Milestone, exclude_fields=["updated_at"])
auditlog.register(models.SelfAssessment, exclude_fields=["updated_at"])
auditlog.register(models.IndicatorDefinition, exclude_fields=["updated_at"])
auditlog.register(models.VisionTemplate, exclude_fields=["updated_at"])
auditlog.register(models.TemplateObjective)
auditlog.register(models.TemplateIndicator)
auditlog.register(models.TemplateActionTheme)
