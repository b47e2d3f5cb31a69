"""Demo content of the visions app: themes, objectives, indicators and actions of the kind
QPV sites adopt (see /work/shared/domain.md). Organisations are invented (« fictif »)."""

# Indicator: (name, unit, source, direction, baseline, target or tolerance, frequency)
# For « maintien » the sixth value is the tolerance.
THEMES = {
    "education": {
        "title": "Chaque enfant du quartier réussit sa scolarité",
        "description": "Des enfants qui lisent en entrant au collège, des familles qui "
        "poussent la porte de l'école, des devoirs faits dans un lieu calme.",
        "priority": "Pilier « Cohésion sociale » — réussite éducative",
        "indicators": [
            ("Taux de réussite au diplôme national du brevet", "%", "Éducation nationale (DEPP)",
             "hausse", "74", "82", "annuelle"),
            ("Enfants inscrits à l'accompagnement scolaire", "enfants", "centres sociaux",
             "hausse", "60", "140", "trimestrielle"),
        ],
        "actions": [
            ("Accompagnement scolaire du soir", "centre_social", "education"),
            ("Cafés des parents au collège", "college", "centre_social"),
            ("Club lecture à la médiathèque", "mediatheque", "college"),
        ],
    },
    "emploi": {
        "title": "Les jeunes trouvent un emploi ou une formation",
        "description": "Aucun jeune de 16 à 25 ans sans solution : repérés, accompagnés, "
        "mis en relation avec les employeurs du territoire.",
        "priority": "Pilier « Emploi et développement économique »",
        "indicators": [
            ("Part des jeunes de 16–25 ans ni en emploi ni en formation", "%", "INSEE / ONPV",
             "baisse", "28", "21", "annuelle"),
            ("Part des demandeurs d'emploi de moins de 26 ans", "%", "France Travail / ONPV",
             "baisse", "19", "15", "trimestrielle"),
            ("Jeunes accompagnés par la mission locale", "jeunes", "mission locale", "hausse",
             "340", "520", "trimestrielle"),
        ],
        "actions": [
            ("Repérage des jeunes « invisibles » en pied d'immeuble", "prevention",
             "mission_locale"),
            ("Forum des métiers et job dating", "mission_locale", "bailleur"),
            ("Chantiers éducatifs rémunérés", "regie", "prevention"),
        ],
    },
    "sante": {
        "title": "Chacun accède aux soins près de chez lui",
        "description": "Un médecin traitant pour chaque habitant, la prévention au pied "
        "des immeubles, la santé mentale des jeunes prise au sérieux.",
        "priority": "Pilier « Cohésion sociale » — santé",
        "indicators": [
            ("Habitants de 17 ans et plus sans médecin traitant", "%", "CPAM", "baisse", "17",
             "11", "semestrielle"),
            ("Participants aux ateliers de prévention santé", "personnes", "maison de santé",
             "hausse", "45", "150", "trimestrielle"),
        ],
        "actions": [
            ("Permanences de la maison de santé au centre social", "maison_sante",
             "centre_social"),
            ("Bus santé femmes", "ccas", "maison_sante"),
        ],
    },
    "cadre_de_vie": {
        "title": "Un quartier propre, rénové et agréable à vivre",
        "description": "Des logements réhabilités, des halls propres, des espaces verts "
        "entretenus avec les habitants.",
        "priority": "Pilier « Cadre de vie et renouvellement urbain »",
        "indicators": [
            ("Logements sociaux réhabilités", "logements", "bailleur social", "hausse", "0",
             "420", "trimestrielle"),
            ("Signalements de dépôts sauvages", "signalements", "régie de quartier", "baisse",
             "85", "40", "trimestrielle"),
        ],
        "actions": [
            ("Gestion urbaine de proximité avec les habitants", "bailleur", "regie"),
            ("Jardins partagés en pied d'immeuble", "regie", "centre_social"),
        ],
    },
    "tranquillite": {
        "title": "Se sentir en sécurité dans son quartier",
        "description": "Des espaces publics occupés par les habitants, des conflits de "
        "voisinage réglés tôt, une présence éducative le soir.",
        "priority": "Pilier « Cohésion sociale » — prévention de la délinquance",
        "indicators": [
            ("Faits de dégradation signalés au bailleur", "faits", "bailleur social", "baisse",
             "64", "35", "trimestrielle"),
        ],
        "actions": [
            ("Médiation sociale en soirée", "prevention", "bailleur"),
        ],
    },
    "participation": {
        "title": "Les habitants décident avec les institutions",
        "description": "Des habitants qui prennent part aux décisions qui les concernent, "
        "un conseil citoyen vivant, des associations soutenues.",
        "priority": "Pilier « Citoyenneté et participation »",
        "indicators": [
            ("Habitants participant aux instances de quartier", "habitants", "conseil citoyen",
             "hausse", "25", "90", "trimestrielle"),
            ("Associations du quartier en activité", "associations", "ville", "maintien", "32",
             "3", "annuelle"),
        ],
        "actions": [
            ("Budget participatif du quartier", "ville", "centre_social"),
            ("Formation des membres du conseil citoyen", "centre_social", "ville"),
        ],
    },
    "mobilite": {
        "title": "Sortir du quartier pour travailler et se former",
        "description": "Le permis, le vélo, les transports : lever les freins qui "
        "enferment.",
        "priority": "Pilier « Emploi et développement économique » — mobilité",
        "indicators": [
            ("Jeunes ayant obtenu le permis avec l'auto-école sociale", "jeunes",
             "auto-école sociale", "hausse", "8", "40", "trimestrielle"),
        ],
        "actions": [
            ("Auto-école sociale et bourse au permis", "mission_locale", "ccas"),
        ],
    },
    "lien_social": {
        "title": "Des liens qui tiennent entre voisins et entre partenaires",
        "description": "Des fêtes, des lieux ouverts, un cercle de partenaires qui se "
        "réunit chaque mois et agit ensemble.",
        "priority": "Pilier « Cohésion sociale » — lien social",
        "indicators": [
            ("Événements de quartier organisés", "événements", "centre social", "hausse", "6",
             "16", "trimestrielle"),
            ("Partenaires signataires de la vision", "partenaires", "trinôme", "hausse", "9",
             "30", "trimestrielle"),
        ],
        "actions": [
            ("Fête de quartier annuelle", "centre_social", "club_sportif"),
            ("Tournoi sportif inter-quartiers", "club_sportif", "prevention"),
        ],
    },
}  # fmt: skip

# The ANCT/INSEE figures a site adds to follow the whole quartier.
CONTEXT_INDICATORS = [
    ("Taux de pauvreté", "%", "INSEE, Filosofi", "baisse", "43", "37", "annuelle"),
    ("Revenu médian par unité de consommation", "€", "INSEE, Filosofi", "hausse", "13200",
     "14600", "annuelle"),
    ("Taux d'emploi des 15–64 ans", "%", "INSEE, recensement", "hausse", "45", "51",
     "annuelle"),
]  # fmt: skip

# Typical porteurs: key → (name pattern, structure kind). ``{city}`` is the site's city.
STRUCTURES = {
    "centre_social": ("Centre social du quartier — {city} (fictif)", "association"),
    "prevention": ("Association de prévention spécialisée de {city} (fictif)", "association"),
    "mission_locale": ("Mission locale de {city} (fictif)", "emploi"),
    "bailleur": ("Habitat social de {city} (fictif)", "bailleur"),
    "college": ("Collège du quartier — {city} (fictif)", "education"),
    "education": ("Réseau d'éducation prioritaire de {city} (fictif)", "education"),
    "ccas": ("CCAS de {city} (fictif)", "collectivite"),
    "maison_sante": ("Maison de santé pluriprofessionnelle de {city} (fictif)", "sante"),
    "club_sportif": ("Club sportif du quartier — {city} (fictif)", "association"),
    "mediatheque": ("Médiathèque de quartier — {city} (fictif)", "collectivite"),
    "regie": ("Régie de quartier de {city} (fictif)", "association"),
    "ville": ("Service vie associative — {city} (fictif)", "collectivite"),
}

# Themes per site (by site name); others get themes picked by a seeded draw.
SITE_THEMES = {
    "Saint-Étienne Métropole — quartiers Est et Ondaine": ["education", "emploi", "sante",
                                                           "participation"],
    "Marseille — Vallée de l'Huveaune": ["emploi", "cadre_de_vie", "tranquillite"],
    "Vaulx-en-Velin — Mas des Sources": ["education", "emploi", "lien_social", "mobilite"],
}  # fmt: skip

STATEMENT = (
    "En {horizon}, {quartier} est un quartier où {promesses}. Habitants, associations, "
    "institutions et entreprises y agissent ensemble, mesurent leurs progrès et "
    "rendent compte de ce qui change."
)

PROMISES = {
    "education": "chaque enfant réussit sa scolarité",
    "emploi": "chaque jeune trouve sa voie vers l'emploi",
    "sante": "chacun se soigne près de chez lui",
    "cadre_de_vie": "l'on vit dans des logements rénovés et des espaces soignés",
    "tranquillite": "l'on se sent en sécurité à toute heure",
    "participation": "les habitants décident avec les institutions",
    "mobilite": "l'on sort du quartier pour se former et travailler",
    "lien_social": "les voisins se connaissent et s'entraident",
}

# The one revised vision: what the second version added.
REVISION_ADDITION = (
    " Les jeunes y prennent des responsabilités dans les associations et le quartier "
    "s'ouvre sur la métropole."
)

CURVE_STORY = {
    "story": "La courbe s'est retournée quand deux permanences ont fermé la même année ; "
    "les familles arrivées récemment ne connaissent pas les dispositifs.",
    "partners": "Centre social, collège, mission locale, bailleur, conseil citoyen.",
    "what_works": "Aller vers les familles en pied d'immeuble ; des permanences aux heures "
    "où les parents sont disponibles ; s'appuyer sur des habitants relais.",
    "action_plan": "Rouvrir une permanence partagée le mercredi et le samedi, former six "
    "habitants relais, faire le point au prochain cercle de courageux.",
}
