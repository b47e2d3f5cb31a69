from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "comptes"

    def ready(self):
        from auditlog.registry import auditlog

        from accounts import second_factor  # noqa: F401  (connects the login signal)
        from accounts.models import ApiToken, User

        auditlog.register(User, exclude_fields=["password", "last_login"])
        # Creation and revocation are journaled; the hash and each use are not.
        auditlog.register(ApiToken, exclude_fields=["token_hash", "last_used_at"])
