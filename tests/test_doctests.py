"""The examples in the docstrings run, against the package as it is imported (not by file path)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import recognition_kg

MODULES = sorted(["recognition_kg", *(m.name for m in pkgutil.walk_packages(recognition_kg.__path__, "recognition_kg.")
                                      if not m.name.endswith("__main__"))])


def test_every_room_of_the_package_is_found() -> None:
    rooms = {name.split(".")[1] for name in MODULES if name.count(".") >= 1}
    assert {"ontology", "queries", "graph", "api"} <= rooms


@pytest.mark.parametrize("name", MODULES)
def test_the_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
