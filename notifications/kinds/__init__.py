"""Every reminder kind, one module each. Add a kind: a module here, imported below,
and its templates (docs/reminders.md, « Ajouter un type de rappel »)."""

from notifications.kinds import digest, site_inactive

__all__ = ["digest", "site_inactive"]
