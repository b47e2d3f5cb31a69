"""Importers of official reference data: files in, rows upserted, a report out.

They are plain functions (no management command code) so that the commands, the API,
the tests and the benchmarks all call the same thing.
"""

from quartiers.importers.errors import QpvImportError
from quartiers.importers.qpv import Counts, ImportReport, import_qpv

__all__ = ["Counts", "ImportReport", "QpvImportError", "import_qpv"]
