from django.urls import reverse


def qic(request):
    """The main menu for the signed-in user's role. Costs no query."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"main_menu": []}
    items = [
        ("home", "Accueil"),
        ("quartiers:site_list", "Sites"),
        ("visions:vision_overview", "Visions"),
        ("quartiers:quartier_list", "Quartiers prioritaires"),
        ("quartiers:structure_list", "Structures"),
        ("quartiers:personne_list", "Personnes"),
        ("quartiers:centre_list", "Centres de ressources"),
        ("quartiers:cohort_list", "Formation-action"),
        ("cercles:my_commitments", "Mes engagements"),
        ("reports:job_list", "Rapports"),
    ]
    if user.is_admin:
        items.append(("quartiers:user_list", "Utilisateurs"))
    path = request.path
    menu = []
    for name, label in items:
        url = reverse(name)
        current = path == url if url == "/" else path.startswith(url)
        menu.append({"url": url, "label": label, "current": current})
    return {"main_menu": menu}
