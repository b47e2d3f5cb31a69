"""Register the models with the change journal (django-auditlog).

Imports write in bulk, which bypasses the journal: each run is recorded as a
``StatImport`` row (who, when, what was added or changed) instead.
"""

from auditlog.registry import auditlog

from statistiques import models

EXCLUDED = ["updated_at"]

auditlog.register(models.Variable, exclude_fields=EXCLUDED)
auditlog.register(models.StatSource, exclude_fields=EXCLUDED)
auditlog.register(models.StatImport)
auditlog.register(models.StatValue, exclude_fields=EXCLUDED)
