"""Demo data: real régions, départements, communes and EPCI; invented neighbourhoods,
people and organisations, all marked « fictif »."""

REGIONS = {
    "11": "Île-de-France",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Bretagne",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur",
    "94": "Corse",
    "04": "La Réunion",
}

# code: (name, région)
DEPARTEMENTS = {
    "13": ("Bouches-du-Rhône", "93"),
    "2A": ("Corse-du-Sud", "94"),
    "31": ("Haute-Garonne", "76"),
    "33": ("Gironde", "75"),
    "35": ("Ille-et-Vilaine", "53"),
    "38": ("Isère", "84"),
    "42": ("Loire", "84"),
    "44": ("Loire-Atlantique", "52"),
    "59": ("Nord", "32"),
    "67": ("Bas-Rhin", "44"),
    "69": ("Rhône", "84"),
    "93": ("Seine-Saint-Denis", "11"),
    "974": ("La Réunion", "04"),
}

EPCIS = {
    "244200770": "Saint-Étienne Métropole",
    "200054807": "Métropole d'Aix-Marseille-Provence",
    "200046977": "Métropole de Lyon",
    "200093201": "Métropole Européenne de Lille",
    "200054781": "Métropole du Grand Paris",
    "243300316": "Bordeaux Métropole",
    "243100518": "Toulouse Métropole",
    "246700488": "Eurométropole de Strasbourg",
    "244400404": "Nantes Métropole",
    "200040715": "Grenoble-Alpes Métropole",
    "243500139": "Rennes Métropole",
}

# code: (name, département, EPCI SIREN or None, latitude, longitude)
COMMUNES = {
    "42218": ("Saint-Étienne", "42", "244200770", 45.4397, 4.3872),
    "42095": ("Firminy", "42", "244200770", 45.3889, 4.2878),
    "42207": ("Saint-Chamond", "42", "244200770", 45.4775, 4.5153),
    "13055": ("Marseille", "13", "200054807", 43.2965, 5.3698),
    "13070": ("La Penne-sur-Huveaune", "13", "200054807", 43.2833, 5.5167),
    "69256": ("Vaulx-en-Velin", "69", "200046977", 45.7786, 4.9214),
    "69259": ("Vénissieux", "69", "200046977", 45.6975, 4.8867),
    "59512": ("Roubaix", "59", "200093201", 50.6942, 3.1746),
    "59599": ("Tourcoing", "59", "200093201", 50.7239, 3.1612),
    "93014": ("Clichy-sous-Bois", "93", "200054781", 48.9097, 2.5469),
    "93071": ("Sevran", "93", "200054781", 48.9386, 2.5275),
    "33063": ("Bordeaux", "33", "243300316", 44.8378, -0.5792),
    "31555": ("Toulouse", "31", "243100518", 43.6047, 1.4442),
    "67482": ("Strasbourg", "67", "246700488", 48.5734, 7.7521),
    "44109": ("Nantes", "44", "244400404", 47.2184, -1.5536),
    "38185": ("Grenoble", "38", "200040715", 45.1885, 5.7245),
    "35238": ("Rennes", "35", "243500139", 48.1173, -1.6778),
    "97411": ("Saint-Denis", "974", None, -20.8789, 55.4481),
    "2A004": ("Ajaccio", "2A", None, 41.9192, 8.7386),
}

# code: (name, [communes], population, offset of the centre from the first commune)
QUARTIERS = {
    "QN04201M": ("Montreynaud-Les Tilleuls (fictif)", ["42218"], 6100, (0.012, 0.006)),
    "QN04202I": ("Tarentaize-Beaubrun (fictif)", ["42218"], 5200, (0.002, -0.008)),
    "QN04203M": ("Crêt de Roc-Soleil (fictif)", ["42218"], 4300, (-0.006, 0.010)),
    "QN04204I": ("Chapelon-Les Lilas (fictif)", ["42095"], 2300, (0.004, 0.004)),
    "QN04205N": ("Fonsala-Le Mont (fictif)", ["42207"], 2800, (-0.004, 0.006)),
    "QN01301M": ("Les Hauts de l'Huveaune (fictif)", ["13055", "13070"], 8700, (0.0, 0.09)),
    "QN01302I": ("Les Collines du Nord (fictif)", ["13055"], 12100, (0.06, 0.01)),
    "QN01303M": ("Le Vallon des Pins (fictif)", ["13055"], 7400, (0.05, -0.02)),
    "QN06901M": ("Le Mas des Sources (fictif)", ["69256"], 9800, (0.004, 0.006)),
    "QN06902I": ("La Grande Île (fictif)", ["69256"], 6500, (-0.006, -0.004)),
    "QN06903M": ("Les Minguettes-Parilly (fictif)", ["69259"], 11200, (0.002, 0.004)),
    "QN05901M": ("L'Alma-Fontenoy (fictif)", ["59512"], 7600, (0.004, -0.006)),
    "QN05902I": ("Le Pile-Sainte-Élisabeth (fictif)", ["59512"], 6900, (-0.006, 0.008)),
    "QN05903N": ("La Bourgogne-Marlière (fictif)", ["59599"], 5100, (0.004, 0.004)),
    "QN09301M": ("Le Chêne-Pointu (fictif)", ["93014"], 10300, (0.002, 0.002)),
    "QN09302I": ("Les Beaudottes (fictif)", ["93071"], 9100, (0.002, -0.004)),
    "QN03301M": ("Les Aubiers-Le Lac (fictif)", ["33063"], 5400, (0.035, 0.004)),
    "QN03302I": ("La Benauge (fictif)", ["33063"], 4800, (0.002, 0.012)),
    "QN03101M": ("Les Izards-La Vache (fictif)", ["31555"], 6200, (0.05, 0.0)),
    "QN03102I": ("Bagatelle-La Faourette (fictif)", ["31555"], 8800, (-0.012, -0.02)),
    "QN06701M": ("Le Neuhof (fictif)", ["67482"], 9600, (-0.04, 0.02)),
    "QN06702I": ("Hautepierre (fictif)", ["67482"], 12900, (0.012, -0.05)),
    "QN04401M": ("Bellevue-Chantenay (fictif)", ["44109"], 9900, (-0.006, -0.04)),
    "QN04402I": ("Les Dervallières (fictif)", ["44109"], 5200, (0.002, -0.03)),
    "QN03801M": ("Villeneuve-Village Olympique (fictif)", ["38185"], 11800, (-0.025, 0.0)),
    "QN03802I": ("Mistral-Eaux Claires (fictif)", ["38185"], 4900, (-0.01, -0.012)),
    "QN03501M": ("Maurepas-Gros Chêne (fictif)", ["35238"], 8600, (0.02, 0.012)),
    "QN03502I": ("Le Blosne (fictif)", ["35238"], 17200, (-0.035, 0.002)),
    "QN97401M": ("Le Chaudron-Les Camélias (fictif)", ["97411"], 10400, (0.0, 0.03)),
    "QN02A01I": ("Les Jardins de l'Empereur (fictif)", ["2A004"], 3100, (0.008, -0.004)),
    "QP042007": ("Cité de la Vivaraize (fictif, 2015)", ["42218"], None, (-0.01, -0.002)),
    "QP093028": ("Les Ormes (fictif, 2015)", ["93014"], None, (0.0, 0.006)),
}

# Statuses in order with the date each was reached (dd/mm/yyyy is for humans; ISO here).
_PATH = ["repere", "candidat", "formation_action", "vision_adoptee", "mise_en_oeuvre", "essaimage"]


def path(*dates, then=None):
    """Status changes along the programme path, one date per step reached, plus an
    optional final detour (suspendu / sorti) as ``then=(status, date, comment)``."""
    steps = [(status, day, None) for status, day in zip(_PATH, dates, strict=False)]
    if then:
        steps.append(then)
    return steps


SITES = [
    {
        "name": "Saint-Étienne Métropole — quartiers Est et Ondaine",
        "quartiers": ["QN04201M", "QN04202I", "QN04203M", "QN04204I", "QN04205N"],
        "programme": "experimentation",
        "cohort": 2024,
        "statuses": path("2023-10-02", "2024-01-15", "2024-03-11", "2024-11-20", "2025-03-03"),
        "chef": True,
        "contrat": "Contrat de ville Engagements Quartiers 2030 de Saint-Étienne Métropole",
    },
    {
        "name": "Marseille — Vallée de l'Huveaune",
        "quartiers": ["QN01301M", "QN01303M"],
        "programme": "experimentation",
        "cohort": 2022,
        "statuses": path("2022-02-01", "2022-04-12", "2022-09-19", "2023-06-27"),
        "chef": True,
        "contrat": "Contrat de ville de la Métropole d'Aix-Marseille-Provence",
    },
    {
        "name": "Vaulx-en-Velin — Mas des Sources",
        "quartiers": ["QN06901M", "QN06902I"],
        "programme": "experimentation",
        "cohort": 2022,
        "statuses": path(
            "2022-01-10", "2022-03-01", "2022-09-19", "2023-03-14", "2023-09-05", "2025-06-16"
        ),
        "chef": True,
        "contrat": "Contrat de ville de la Métropole de Lyon",
    },
    {
        "name": "Roubaix — L'Alma et le Pile",
        "quartiers": ["QN05901M", "QN05902I"],
        "programme": "experimentation",
        "cohort": 2024,
        "statuses": path("2023-11-06", "2024-02-05", "2024-03-11"),
        "chef": True,
        "contrat": "",
    },
    {
        "name": "Clichy-sous-Bois — Le Chêne-Pointu",
        "quartiers": ["QN09301M", "QP093028"],
        "programme": "experimentation",
        "cohort": None,
        "statuses": path("2025-09-01", "2026-02-02"),
        "chef": True,
        "contrat": "",
    },
    {
        "name": "Bordeaux — Les Aubiers",
        "quartiers": ["QN03301M"],
        "programme": "centre_ressources",
        "cohort": None,
        "statuses": path("2026-05-04"),
        "chef": False,
        "contrat": "",
    },
    {
        "name": "Toulouse — Les Izards",
        "quartiers": ["QN03101M", "QN03102I"],
        "programme": "centre_ressources",
        "cohort": 2024,
        "statuses": path("2023-09-04", "2023-12-11", "2024-03-11", "2024-12-09", "2025-05-12"),
        "chef": False,
        "contrat": "Contrat de ville de Toulouse Métropole",
    },
    {
        "name": "Strasbourg — Neuhof",
        "quartiers": ["QN06701M"],
        "programme": "experimentation",
        "cohort": 2022,
        "statuses": path(
            "2022-01-17",
            "2022-03-21",
            "2022-09-19",
            then=(
                "suspendu",
                "2024-01-22",
                "Départ simultané de deux membres du trinôme ; reprise prévue après les "
                "nouvelles nominations.",
            ),
        ),
        "chef": True,
        "contrat": "",
    },
    {
        "name": "Nantes — Bellevue",
        "quartiers": ["QN04401M"],
        "programme": "centre_ressources",
        "cohort": None,
        "statuses": path(
            "2022-05-02",
            "2022-10-03",
            then=("sorti", "2023-06-30", "La collectivité a choisi une autre démarche."),
        ),
        "chef": False,
        "contrat": "",
    },
    {
        "name": "Grenoble — Villeneuve",
        "quartiers": ["QN03801M"],
        "programme": "centre_ressources",
        "cohort": 2024,
        "statuses": path("2023-10-09", "2024-01-08", "2024-03-11", "2025-01-21"),
        "chef": False,
        "contrat": "Contrat de ville de Grenoble-Alpes Métropole",
        # Gone quiet four months ago (no meeting held, nothing measured since):
        # « site sans activité », « à relancer ».
        "quiet_from": -3,
    },
    {
        "name": "Rennes — Maurepas",
        "quartiers": ["QN03501M"],
        "programme": "centre_ressources",
        "cohort": 2024,
        "statuses": path("2024-01-08", "2024-02-12", "2024-03-11"),
        "chef": False,
        "contrat": "",
    },
    {
        "name": "Saint-Denis de La Réunion — Le Chaudron",
        "quartiers": ["QN97401M"],
        "programme": "experimentation",
        "cohort": None,
        "statuses": path("2025-11-03", "2026-03-16"),
        "chef": True,
        "contrat": "",
    },
]

# Invented people for the trinômes: (first name, last name). Seat order: collectivité,
# État, association. The city comes from the site name.
TRINOME_PEOPLE = [
    [("Claire", "Fauvel"), ("Karim", "Benali"), ("Sophie", "Marchetti")],
    [("Nadia", "Ferhat"), ("Julien", "Roux"), ("Aïcha", "Diallo")],
    [("Thomas", "Girard"), ("Fatou", "Ndiaye"), ("Lucas", "Moreau")],
    [("Élodie", "Lefebvre"), ("Mehdi", "Haddad"), ("Pauline", "Vasseur")],
    [("Samia", "Bouzid"), ("Hugo", "Perrin"), ("Moussa", "Traoré")],
    [("Isabelle", "Laborde"), ("Antoine", "Dupuy"), ("Inès", "Garcia")],
    [("Marion", "Castel"), ("Rachid", "Amrani"), ("Chloé", "Fabre")],
    [("Laurent", "Muller"), ("Yasmine", "Kaddour"), ("Pierre", "Schmitt")],
    [("Anne", "Le Goff"), ("Olivier", "Brunet"), ("Léa", "Guérin")],
    [("Sarah", "Bonnet"), ("Nicolas", "Arnaud"), ("Mathilde", "Rey")],
    [("Gwenaëlle", "Le Bihan"), ("François", "Tanguy"), ("Bintou", "Sylla")],
    [("Josiane", "Payet"), ("David", "Hoarau"), ("Nathalie", "Grondin")],
]

ASSOCIATIONS = [
    "Centre social Montreynaud (fictif)",
    "Association Huveaune Solidaire (fictif)",
    "Maison des jeunes du Mas (fictif)",
    "Régie de quartier Alma-Pile (fictif)",
    "Association Chêne-Pointu Ensemble (fictif)",
    "Centre d'animation des Aubiers (fictif)",
    "Association des Izards (fictif)",
    "Club de prévention du Neuhof (fictif)",
    "Association Bellevue Solidaire (fictif)",
    "Régie de quartier Villeneuve (fictif)",
    "Centre social Maurepas (fictif)",
    "Association Chaudron Avenir (fictif)",
]

CENTRES = [
    {
        "name": "Centre de ressources Auvergne-Rhône-Alpes (fictif)",
        "commune": "69256",
        "sites": [
            (
                "Saint-Étienne Métropole — quartiers Est et Ondaine",
                "coaching",
                "2024-03-11",
                None,
                15,
                11,
            ),
            (
                "Vaulx-en-Velin — Mas des Sources",
                "appui_methodologique",
                "2022-10-03",
                "2024-06-30",
                30,
                30,
            ),
            ("Grenoble — Villeneuve", "formation_action", "2024-03-11", None, 42, 36),
        ],
    },
    {
        "name": "Centre de ressources Grand Ouest (fictif)",
        "commune": "35238",
        "sites": [
            ("Rennes — Maurepas", "formation_action", "2024-03-11", None, 42, 24),
            ("Nantes — Bellevue", "appui_methodologique", "2022-10-03", "2023-06-30", 20, 14),
            ("Bordeaux — Les Aubiers", "mise_en_reseau", "2026-05-04", None, 10, 2),
            ("Toulouse — Les Izards", "coaching", "2024-03-11", None, 15, 15),
        ],
    },
]

COHORTS = {
    2022: {
        "name": "Cohorte 2022 — expérimentation nationale",
        "sessions": [
            ("2022-09-19", "Lancement : l'impact collectif et ses cinq conditions"),
            ("2022-11-14", "Construire une vision partagée"),
            ("2023-01-23", "Mesure partagée et indicateurs"),
            ("2023-03-20", "Animer un cercle de courageux"),
        ],
    },
    2024: {
        "name": "Cohorte 2024",
        "sessions": [
            ("2024-03-11", "Lancement : l'impact collectif et ses cinq conditions"),
            ("2024-04-15", "Le rôle du trinôme comme structure de soutien"),
            ("2024-05-27", "Construire une vision partagée"),
            ("2024-07-01", "Mesure partagée : choisir ses indicateurs"),
            ("2024-09-23", "Des activités qui se renforcent mutuellement"),
            ("2024-11-18", "Communication continue et cercles de courageux"),
        ],
    },
}

DEMO_PASSWORD = "qic-demo-2026"

# email: (first name, last name, role, sites granted (by name) or centre name)
USERS = {
    "admin@qic.demo": ("Agnès", "Rivière", "admin", []),
    "chef@qic.demo": ("Bruno", "Lambert", "chef_de_projet", []),
    "membre@qic.demo": (
        "Claire",
        "Fauvel",
        "membre",
        ["Saint-Étienne Métropole — quartiers Est et Ondaine", "Marseille — Vallée de l'Huveaune"],
    ),
    "membre.roubaix@qic.demo": ("Élodie", "Lefebvre", "membre", ["Roubaix — L'Alma et le Pile"]),
    "centre@qic.demo": (
        "Denis",
        "Morel",
        "centre",
        ["Centre de ressources Auvergne-Rhône-Alpes (fictif)"],
    ),
    "observateur@qic.demo": (
        "Emma",
        "Chevalier",
        "observateur",
        ["Roubaix — L'Alma et le Pile", "Bordeaux — Les Aubiers"],
    ),
}
