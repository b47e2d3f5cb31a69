from django.core.management.base import CommandError

from accounts.models import User
from quartiers.models import Personne


def add_subject_arguments(parser):
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--personne", type=int, help="identifiant de la personne (annuaire)")
    group.add_argument("--compte", type=int, help="identifiant du compte utilisateur")
    group.add_argument("--email", help="adresse e-mail du compte ou de la personne")


def subject_from(options) -> dict:
    if options["personne"]:
        found = Personne.objects.filter(pk=options["personne"]).first()
        if found is None:
            raise CommandError("Aucune personne avec cet identifiant.")
        return {"personne": found}
    if options["compte"]:
        found = User.objects.filter(pk=options["compte"]).first()
        if found is None:
            raise CommandError("Aucun compte avec cet identifiant.")
        return {"user": found}
    email = options["email"].strip()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return {"user": user}
    personnes = list(Personne.objects.filter(email__iexact=email)[:2])
    if len(personnes) == 1:
        return {"personne": personnes[0]}
    if personnes:
        raise CommandError("Plusieurs personnes ont cette adresse : indiquez --personne.")
    raise CommandError("Aucun compte ni aucune personne avec cette adresse.")
