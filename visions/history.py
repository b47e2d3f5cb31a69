"""Register every model of the app with the change journal (django-auditlog)."""

from auditlog.registry import auditlog

from visions import models

auditlog.register(models.Vision)
auditlog.register(models.VisionVersion)
auditlog.register(models.Objective, exclude_fields=["updated_at"])
# The latest measurement is journaled as the measurement it copies.
auditlog.register(models.Indicator, exclude_fields=["updated_at", "latest_value", "latest_date"])
auditlog.register(models.Measurement)
# Progress moves by queryset updates, which the journal does not record (on purpose).
auditlog.register(models.MeasurementImport, exclude_fields=["rows_done"])
auditlog.register(models.TurnTheCurve)
auditlog.register(models.Action, m2m_fields={"objectives", "partners"})
auditlog.register(models.Milestone, exclude_fields=["updated_at"])
auditlog.register(models.SelfAssessment, exclude_fields=["updated_at"])
