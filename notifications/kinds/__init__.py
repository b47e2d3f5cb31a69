"""Every reminder kind, one module each. Add a kind: a module here, imported below,
and its templates (docs/reminders.md, « Adding a kind »)."""

from notifications.kinds import (
    commitment_due,
    commitment_overdue,
    decision_review,
    digest,
    measurement_due,
    meeting_soon,
    proposal_new,
    site_inactive,
)

__all__ = [
    "commitment_due",
    "commitment_overdue",
    "decision_review",
    "digest",
    "measurement_due",
    "meeting_soon",
    "proposal_new",
    "site_inactive",
]
