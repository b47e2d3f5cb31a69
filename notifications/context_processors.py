import functools

from notifications.models import Notification


def notifications(request):
    """The bell's unread count: one COUNT query, run only if a template shows it, and
    only for signed-in users (anonymous pages get nothing and cost nothing)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}

    @functools.cache
    def unread_notifications():
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    return {"unread_notifications": unread_notifications}
