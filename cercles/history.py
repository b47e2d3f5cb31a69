"""Register every model of the app with the change journal (django-auditlog)."""

from auditlog.registry import auditlog

from cercles import models

auditlog.register(models.Cercle, m2m_fields={"objectives"}, exclude_fields=["updated_at"])
auditlog.register(models.CercleMember, exclude_fields=["updated_at"])
# updated_at and the calendar revision move on every save: noise in a journal.
auditlog.register(models.Meeting, exclude_fields=["updated_at", "ical_sequence", "uid"])
auditlog.register(models.AgendaItem)
auditlog.register(models.Attendance)
auditlog.register(models.MeetingDocument, exclude_fields=["file"])
auditlog.register(models.Decision, exclude_fields=["updated_at"])
auditlog.register(models.Commitment, exclude_fields=["updated_at"])
# Only that a token was made or revoked, and when; never its hash.
auditlog.register(models.CalendarToken, exclude_fields=["token_hash", "nonce"])
auditlog.register(models.Proposal, exclude_fields=["updated_at"])
auditlog.register(models.ProposalOption)
auditlog.register(models.ProposalAnswer, exclude_fields=["updated_at"])
auditlog.register(models.MeetingReply, exclude_fields=["updated_at"])
