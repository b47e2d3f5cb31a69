"""Register every model of the app with the change journal (django-auditlog)."""

from auditlog.registry import auditlog

from financements import models

auditlog.register(models.FundingLine, exclude_fields=["updated_at"])
auditlog.register(
    models.Call, m2m_fields={"objectives", "reviewer_cercles"}, exclude_fields=["updated_at"]
)
auditlog.register(models.CallEnvelope)
auditlog.register(models.Criterion)
# The carrier's contact is personal data, kept in the journal like the rest of the row;
# never the hash of their link.
auditlog.register(
    models.Proposal,
    m2m_fields={"objectives"},
    exclude_fields=["updated_at", "carrier_token_hash"],
)
auditlog.register(models.ProposalBudget)
auditlog.register(models.ProposalDocument, exclude_fields=["file"])
auditlog.register(models.Review, exclude_fields=["updated_at"])
auditlog.register(models.Score)
