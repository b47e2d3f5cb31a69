"""Demo data for the cercles: invented partners (marked « fictif »), themes and the
words of believable meetings. Dates are computed relative to the day of the seeding."""

# Themes a cercle de courageux carries (domain.md, « What sites measure and work on »).
THEMES = [
    (
        "Réussite éducative",
        "Que chaque enfant du quartier trouve un adulte et un lieu pour réussir.",
    ),
    ("Insertion et emploi des jeunes", "Aucun jeune du quartier sans solution à 18 ans."),
    ("Santé et accès aux soins", "Rapprocher les habitants des soins et de la prévention."),
    (
        "Cadre de vie et habitat",
        "Des halls, des rues et des espaces verts dont les habitants sont fiers.",
    ),
    ("Participation des habitants", "Que les habitants décident avec nous de ce qui les concerne."),
    ("Lien social et vie associative", "Des lieux ouverts où l'on se rencontre, tous âges mêlés."),
]

# Typical partners of a site: (name pattern, structure kind, function of the person).
# « {commune} » is the site's first commune, « {quartier} » its first QPV (without suffix).
PARTNERS = [
    ("Centre social {quartier} (fictif)", "association", "directrice du centre social"),
    ("Mission locale de {commune} (fictif)", "emploi", "conseiller en insertion"),
    ("{commune} Habitat (fictif)", "bailleur", "responsable de proximité"),
    ("Collège Jean-Moulin de {commune} (fictif)", "education", "principale adjointe"),
    ("CCAS de {commune} (fictif)", "collectivite", "travailleuse sociale"),
    ("Médiathèque de quartier de {commune} (fictif)", "collectivite", "responsable jeunesse"),
    ("Régie de quartier {quartier} (fictif)", "association", "encadrant technique"),
]

FIRST_NAMES = [
    "Amina", "Bernard", "Céline", "Djamel", "Estelle", "Farid", "Gaëlle", "Hamid", "Irène",
    "Jordan", "Kenza", "Loïc", "Malika", "Nordine", "Océane", "Patrice", "Rania", "Sébastien",
    "Tiphaine", "Ulysse", "Valérie", "Wassim", "Yannick", "Zohra", "Aurélien", "Binta",
    "Cyril", "Delphine", "Élise", "Fabrice",
]  # fmt: skip
LAST_NAMES = [
    "Aubert", "Belkacem", "Charpentier", "Diop", "Escoffier", "Fontaine", "Gomes", "Hamidi",
    "Jacquet", "Kone", "Lemaire", "Mansouri", "Navarro", "Ollivier", "Poirier", "Quentin",
    "Renaud", "Sanchez", "Tessier", "Vidal", "Weber", "Yilmaz", "Zerrouki", "Barbier",
    "Colin", "Dumont", "Evrard", "Ferrand", "Guillot", "Huet",
]  # fmt: skip

AGENDA = [
    "Tour de table et nouvelles des structures",
    "Point d'avancement des engagements",
    "Retour sur l'action du mois",
    "Présentation d'un partenaire invité",
    "Préparation de l'événement de quartier",
    "Questions diverses",
]
COMITE_AGENDA = [
    "Bilan du trimestre des cercles de courageux",
    "Suivi des indicateurs partagés",
    "Arbitrages budgétaires",
    "Calendrier du prochain trimestre",
]

# (text of the decision, months until it is revisited or None)
DECISIONS = [
    ("Ouvrir l'aide aux devoirs le samedi matin au centre social", 3),
    ("Organiser un forum des métiers au printemps avec la mission locale", None),
    ("Proposer une permanence santé mensuelle dans le hall du bâtiment C", 4),
    ("Associer deux habitants volontaires à chaque réunion du cercle", None),
    ("Tester une marche exploratoire avec les femmes du quartier", 2),
    ("Mutualiser les locaux de la médiathèque pour les ateliers du soir", 3),
    ("Rédiger une lettre d'information trimestrielle pour les habitants", None),
    ("Suivre le nombre de jeunes accompagnés comme indicateur commun", 6),
]
COMITE_DECISIONS = [
    ("Valider le programme d'actions du trimestre", None),
    ("Réorienter une partie du budget vers les actions jeunesse", 3),
    ("Inviter le rectorat au prochain comité", None),
]

COMMITMENTS = [
    "Envoyer la liste des familles intéressées",
    "Réserver la salle polyvalente pour l'événement",
    "Contacter trois entreprises pour des stages de 3e",
    "Préparer le bilan chiffré de l'action",
    "Rencontrer le conseil citoyen",
    "Diffuser l'affiche dans les halls d'immeuble",
    "Proposer une date de marche exploratoire",
    "Faire le point avec l'infirmière scolaire",
    "Rédiger la fiche action pour l'appel à projets",
    "Recenser les locaux disponibles le soir",
]

MINUTES = """## Présents

{present} membres présents sur {total}.

## Points abordés

{items}

## Décisions

{decisions}

## Engagements

{commitments}

*Compte rendu rédigé par {author}.*
"""
