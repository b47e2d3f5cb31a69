from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmark tooling: ``seed_scale`` (a national-size data set) and, when
    ``BENCH_BASELINE`` is on, the do-nothing page the benchmark compares pages with."""

    name = "bench"
    verbose_name = "Banc d'essai"
