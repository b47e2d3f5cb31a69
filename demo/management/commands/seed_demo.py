from django.core.management.base import BaseCommand

from demo import data
from demo.seed import seed_all
from qic.history import ORIGIN_DEMO, recorded_as


class Command(BaseCommand):
    help = "Remplit la base avec les données de démonstration (sans effet si elles y sont déjà)."

    def handle(self, *args, **options):
        # The journal says these rows were written « par la démonstration ».
        with recorded_as(ORIGIN_DEMO):
            users = seed_all()
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
        self.stdout.write("")
        self.stdout.write(f"Comptes de démonstration (mot de passe : {data.DEMO_PASSWORD}) :")
        for email, user in users.items():
            self.stdout.write(f"  {email:<28} {user.get_role_display()}")
        self.stdout.write("")
