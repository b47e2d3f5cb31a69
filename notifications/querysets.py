"""Scoping of the notification models: one's own rows; supervision sees every reminder."""

from django.db import models

from qic.jobs import can_supervise
from quartiers.querysets import VIEW, _check_action, is_signed_in


class OwnRowsQuerySet(models.QuerySet):
    """Rows that belong to one account (``user``): its holder sees and changes them."""

    def for_user(self, user, action: str = VIEW):
        _check_action(action)
        if not is_signed_in(user):
            return self.none()
        return self.filter(user=user)


class NotificationQuerySet(OwnRowsQuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class ReminderQuerySet(models.QuerySet):
    """Reminders are the sending log: supervisors see and retry them all; a user sees
    the ones addressed to them, and changes none."""

    def for_user(self, user, action: str = VIEW):
        _check_action(action)
        if not is_signed_in(user):
            return self.none()
        if can_supervise(user):
            return self.all()
        return self.filter(user=user) if action == VIEW else self.none()


class SupervisionQuerySet(models.QuerySet):
    """Programme-wide reminder settings: supervisors only."""

    def for_user(self, user, action: str = VIEW):
        _check_action(action)
        return self.all() if can_supervise(user) else self.none()
