"""Who may do what with the official statistics (reference data)."""

from quartiers.perms import can_change_reference


def can_import_statistics(user) -> bool:
    """Official files are imported by national administrators, like the QPV list."""
    return can_change_reference(user)
