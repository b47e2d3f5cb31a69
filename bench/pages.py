"""What the benchmark measures: pages by URL name, each read by the persona who uses it.

A page lists candidate URL names; the first that resolves is measured, and a page none
of whose names resolves is reported « absent » (its app is not merged yet): rerun after
the merge. ``args`` names an object of the data set picked by ``bench.run.pick_objects``.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    names: tuple[str, ...]
    persona: str  # e-mail local part, see bench.seeding.PERSONAS
    args: tuple[str, ...] = ()
    query: str = ""
    # Targets of issue 17, as a share of the bare view's throughput and a p95 in ms.
    min_ratio: float | None = 0.10
    max_p95_ms: float | None = 100.0
    extra: dict = field(default_factory=dict)


# What Django allows: a do-nothing view, no middleware, no database (bench/wsgi.py).
BARE = Page(
    key="bare",
    label="Vue nue (ni middleware, ni base)",
    names=("bench_bare",),
    persona="membre",
    min_ratio=None,
    max_p95_ms=None,
)

# What the stack allows: a signed-in do-nothing page through every middleware.
BASELINE = Page(
    key="baseline",
    label="Référence (page vide, toute la pile)",
    names=("bench_baseline",),
    persona="membre",
    min_ratio=1 / 3,
    max_p95_ms=None,
)

PAGES = [
    Page(
        key="national_dashboard",
        label="Tableau de bord national (/ pour l'ANCT)",
        names=("dashboards:national", "home"),
        persona="admin",
    ),
    Page(
        key="site_dashboard",
        label="Page d'un site (membre)",
        names=("dashboards:site", "dashboards:site_dashboard"),
        persona="membre",
        args=("site",),
    ),
    Page(
        key="centre_dashboard",
        label="Tableau de bord d'un centre de ressources",
        names=("dashboards:centre",),
        persona="centre",
        args=("centre",),
    ),
    Page(
        key="site_detail_centre",
        label="Page d'un site (centre de ressources)",
        names=("dashboards:site",),
        persona="centre",
        args=("site",),
    ),
    Page(
        key="site_list",
        label="Liste des sites filtrée (statut, région)",
        names=("quartiers:site_list",),
        persona="admin",
        query="status=mise_en_oeuvre&region={region}",
    ),
    Page(
        key="vision_tree",
        label="Arbre de la vision",
        names=("visions:vision_tree",),
        persona="membre",
        args=("site",),
    ),
    Page(
        key="site_journal",
        label="Journal d'un site",
        names=("cercles:site_journal",),
        persona="membre",
        args=("site",),
    ),
    Page(
        key="meeting",
        label="Page d'une réunion",
        names=("cercles:meeting_detail",),
        persona="membre",
        args=("meeting",),
    ),
    Page(
        key="api_sites",
        label="API : liste des sites",
        names=("api:site-list",),
        persona="admin",
    ),
    Page(
        key="api_measurements",
        label="API : mesures d'un site",
        names=("api:measurement-list", "api:mesure-list"),
        persona="membre",
        query="site={site}",
    ),
]
