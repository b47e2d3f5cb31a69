from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from notifications import services
from notifications.models import Reminder
from notifications.registry import SweepContext, get_kind
from notifications.tasks import run_sweep


class Command(BaseCommand):
    help = (
        "Crée les rappels arrivés à échéance et envoie ceux qui attendent : le même balayage "
        "que la tâche périodique, pour les environnements sans planificateur (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Affiche qui recevrait quoi, sans rien écrire ni envoyer.",
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            return self._dry_run()
        try:
            report = run_sweep()
        except services.SweepError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(str(report)))

    def _dry_run(self):
        ctx = SweepContext.build()
        planned, errors = services.reminders_plan(ctx)
        ready = Reminder.objects.filter(pk__in=services.reminders_ready(ctx)).order_by(
            "due_at", "pk"
        )
        self.stdout.write(_("Simulation : rien n'est écrit ni envoyé."))
        self.stdout.write(_("Rappels à créer : %(count)s") % {"count": len(planned)})
        for item in planned:
            self.stdout.write(f"  - {item.describe()}")
        ready = list(ready)
        self.stdout.write(_("Rappels en attente à envoyer : %(count)s") % {"count": len(ready)})
        for reminder in ready:
            kind = get_kind(reminder.kind)
            self.stdout.write(
                "  - "
                + _("« %(kind)s » — %(obj)s — à %(email)s (tentative n° %(attempt)s)")
                % {
                    "kind": kind.label if kind else reminder.kind,
                    "obj": reminder.object_repr,
                    "email": reminder.email,
                    "attempt": reminder.attempts + 1,
                }
            )
        self.stdout.write(
            _("Les rappels créés « par e-mail » partiraient aussi lors de ce balayage.")
        )
        if errors:
            raise CommandError(
                _("Types de rappel en erreur : %(kinds)s.") % {"kinds": ", ".join(errors)}
            )
