"""Register the settings people change with the change journal (django-auditlog).

Reminders and notifications are themselves a log of what was sent: not journaled.
"""

from auditlog.registry import auditlog

from notifications import models

auditlog.register(models.ReminderSettings)
auditlog.register(models.NotificationPreference)
