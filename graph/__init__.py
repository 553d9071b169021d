"""The recognition-kg engine: stores, loading and validation, as-of answers, the CLI.

Where things live:

- :mod:`graph.store` — the store interface and its Oxigraph and rdflib adapters;
- :mod:`graph.load` — parsing, validating and committing files; :mod:`graph.validate` —
  SHACL validation as a report; :mod:`graph.normalise` — act date bounds;
- :mod:`graph.intervals` — the as-of rules (pure); :mod:`graph.statuses` — storing derived
  statuses; :mod:`graph.asof` — the lookups; :mod:`graph.entities` — naming things;
- :mod:`graph.records` — plain records to RDF; :mod:`graph.bundle` — the bundled data;
- :mod:`graph.sparql` — running users' SPARQL safely; :mod:`graph.output` — tables, JSON, CSV;
- :mod:`graph.cli` — the ``rkg`` command; :mod:`graph.errors` — the exception family.
"""

from __future__ import annotations

from graph.errors import (
    InvalidRequest,
    NotConformant,
    NotFound,
    QuerySyntaxError,
    RecognitionKGError,
    StoreError,
    UnsupportedFormat,
)
from graph.store import OxigraphStore, RdflibStore, Store

__all__ = [
    "InvalidRequest",
    "NotConformant",
    "NotFound",
    "OxigraphStore",
    "QuerySyntaxError",
    "RdflibStore",
    "RecognitionKGError",
    "Store",
    "StoreError",
    "UnsupportedFormat",
]
