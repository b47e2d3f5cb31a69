"""Who may export or anonymise a person's data: ANCT administrators only."""


def can_manage_personal_data(user) -> bool:
    return bool(user and user.is_authenticated and user.is_admin)
