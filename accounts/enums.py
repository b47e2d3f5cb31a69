from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user is, programme-wide. Which sites they reach is in quartiers.perms."""

    ADMIN = "admin", _("administrateur national")
    CHEF_DE_PROJET = "chef_de_projet", _("chef de projet national")
    MEMBRE = "membre", _("membre de site")
    CENTRE = "centre", _("centre de ressources")
    OBSERVATEUR = "observateur", _("observateur")

    @classmethod
    def national(cls) -> tuple["Role", ...]:
        """The ANCT roles, which read every site."""
        return (cls.ADMIN, cls.CHEF_DE_PROJET)
