"""recognition-kg: who recognises whom, as of a given date, and on what evidence.

The package is one import name with four rooms, each a folder of the repository, each layer
importing only the ones before it::

    recognition_kg.ontology   the vocabulary (OWL, SHACL) and the IRIs it mints
    recognition_kg.queries    the named SPARQL queries (.rq files)
    recognition_kg.graph      the engine: stores, loading, validation, as-of answers, export, CLI
    recognition_kg.api        the web layer: SPARQL endpoint, JSON API, ``rkg serve``

The public surface, Flask-style, is importable from here (lazily, so that ``import
recognition_kg`` stays cheap for the command line)::

    >>> import recognition_kg as rkg
    >>> with rkg.open_store() as store:          # an empty in-memory store
    ...     len(store)
    0

Lookups (:func:`recognisers`, :func:`recognised_by`, :func:`status`, :func:`timeline`,
:func:`changes`, :func:`count`, :func:`entities`) take a store; :func:`open_bundled` gives one
holding the bundled data. :func:`load` validates and stores files all or nothing,
:func:`check` validates them storing nothing. Every error raised on purpose is a
:class:`RecognitionKGError`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: public name -> the module that defines it
_EXPORTS = {
    "recognisers": "recognition_kg.graph.asof",
    "recognised_by": "recognition_kg.graph.asof",
    "status": "recognition_kg.graph.asof",
    "timeline": "recognition_kg.graph.asof",
    "changes": "recognition_kg.graph.asof",
    "count": "recognition_kg.graph.asof",
    "entities": "recognition_kg.graph.asof",
    "load": "recognition_kg.graph.load",
    "check": "recognition_kg.graph.load",
    "validate": "recognition_kg.graph.validate",
    "ValidationReport": "recognition_kg.graph.validate",
    "open_store": "recognition_kg.graph.store",
    "Store": "recognition_kg.graph.store",
    "open_bundled": "recognition_kg.graph.bundle",
    "RecognitionKGError": "recognition_kg.graph.errors",
    "NotFound": "recognition_kg.graph.errors",
    "InvalidRequest": "recognition_kg.graph.errors",
    "QuerySyntaxError": "recognition_kg.graph.errors",
    "UnsupportedFormat": "recognition_kg.graph.errors",
    "NotConformant": "recognition_kg.graph.errors",
    "StoreError": "recognition_kg.graph.errors",
}

__all__ = [
    "InvalidRequest",
    "NotConformant",
    "NotFound",
    "QuerySyntaxError",
    "RecognitionKGError",
    "Store",
    "StoreError",
    "UnsupportedFormat",
    "ValidationReport",
    "__version__",
    "changes",
    "check",
    "count",
    "entities",
    "load",
    "open_bundled",
    "open_store",
    "recognised_by",
    "recognisers",
    "status",
    "timeline",
    "validate",
]

if TYPE_CHECKING:
    from recognition_kg.graph.asof import changes, count, entities, recognised_by, recognisers, status, timeline
    from recognition_kg.graph.bundle import open_bundled
    from recognition_kg.graph.errors import (
        InvalidRequest,
        NotConformant,
        NotFound,
        QuerySyntaxError,
        RecognitionKGError,
        StoreError,
        UnsupportedFormat,
    )
    from recognition_kg.graph.load import check, load
    from recognition_kg.graph.store import Store, open_store
    from recognition_kg.graph.validate import ValidationReport, validate


def _version() -> str:
    # importlib.metadata costs 60 ms to import: read only when someone asks.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("recognition-kg")
    except PackageNotFoundError:  # a checkout that was never installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        globals()[name] = value = _version()
        return value
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'recognition_kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, "__version__"})
