"""How django-axes names the account an attempt targets."""


def attempted_email(request, credentials=None) -> str | None:
    """The e-mail typed in the login form, case-folded: « A@x.fr » and « a@x.fr » are one
    account for the login, so they are one for the lockout too."""
    source = credentials if credentials else getattr(request, "POST", {})
    value = source.get("username") if source else None
    return value.strip().lower() if value else None
