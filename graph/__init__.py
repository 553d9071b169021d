"""The recognition-kg engine: stores, loading and validation, as-of answers, export, the CLI.

Where things live:

- :mod:`~recognition_kg.graph.store` — the store protocol and :func:`open_store`;
  :mod:`~recognition_kg.graph.oxigraph_store` and :mod:`~recognition_kg.graph.rdflib_store` —
  its two embedded adapters;
- :mod:`~recognition_kg.graph.formats` — the one table of RDF and results formats;
  :mod:`~recognition_kg.graph.results` — query results and their one writer;
  :mod:`~recognition_kg.graph.sparql` — SPARQL text as tokens (checks and edits);
- :mod:`~recognition_kg.graph.load` — parsing, validating and committing files;
  :mod:`~recognition_kg.graph.writes` — curated writes (validated, atomic, logged);
  :mod:`~recognition_kg.graph.updates` — SPARQL Update worked out as a delta on a candidate;
  :mod:`~recognition_kg.graph.snapshots` — committed states for readers while a writer writes;
  :mod:`~recognition_kg.graph.changelog` — the change log (PROV-O, RDF Patch);
  :mod:`~recognition_kg.graph.knowledge` — the graph as known at an instant, and the corrections;
  :mod:`~recognition_kg.graph.validate` — SHACL validation as a report;
  :mod:`~recognition_kg.graph.normalise` — act date bounds; :mod:`~recognition_kg.graph.dates`;
- :mod:`~recognition_kg.graph.intervals` — the as-of rules (pure); :mod:`~recognition_kg.graph.statuses`
  — storing derived statuses; :mod:`~recognition_kg.graph.asof` — the lookups;
  :mod:`~recognition_kg.graph.status_index` and :mod:`~recognition_kg.graph.act_index` — what a
  long-lived process reads once to answer them from memory;
  :mod:`~recognition_kg.graph.day_answers` — the whole world's answers on one day from it;
  :mod:`~recognition_kg.graph.change_pages` — the changes between two days, a page at a time;
  :mod:`~recognition_kg.graph.entities` — naming things;
- :mod:`~recognition_kg.graph.records` — plain records to RDF; :mod:`~recognition_kg.graph.importer`
  — the curators' tables; :mod:`~recognition_kg.graph.bundle` — the bundled data;
  :mod:`~recognition_kg.graph.synthetic` — generated data for benchmarks and tests;
- :mod:`~recognition_kg.graph.export` — the network for graph tools;
  :mod:`~recognition_kg.graph.output` — tables, JSON, CSV;
- :mod:`~recognition_kg.graph.cli` — the ``rkg`` command group (the web layer adds ``serve``);
  :mod:`~recognition_kg.graph.errors` — the exception family.

The engine never imports the web layer (:mod:`recognition_kg.api`), Flask or gunicorn.
"""

from __future__ import annotations

from recognition_kg.graph.errors import (
    InvalidRequest,
    NotConformant,
    NotFound,
    QuerySyntaxError,
    RecognitionKGError,
    StoreError,
    UnsupportedFormat,
)
from recognition_kg.graph.store import Store, open_store

__all__ = [
    "InvalidRequest",
    "NotConformant",
    "NotFound",
    "QuerySyntaxError",
    "RecognitionKGError",
    "Store",
    "StoreError",
    "UnsupportedFormat",
    "open_store",
]
