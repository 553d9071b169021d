"""``import recognition_kg`` gives the public surface, cheaply: the engine loads when first used."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import recognition_kg
from recognition_kg.graph.records import ActRecord, EntityRecord, to_graph


def test_the_version_is_the_distributions() -> None:
    assert recognition_kg.__version__ == version("recognition-kg")


def test_every_public_name_resolves() -> None:
    missing = [name for name in recognition_kg.__all__ if getattr(recognition_kg, name, None) is None]
    assert missing == []
    assert issubclass(recognition_kg.NotFound, recognition_kg.RecognitionKGError)


def test_the_public_surface_loads_and_answers(tmp_path: Path) -> None:
    data = tmp_path / "pair.ttl"
    to_graph([EntityRecord("QAA"), EntityRecord("QBB")],
             [ActRecord("r1", "Recognition", "QAA", "QBB", ["2008-02-18"], ["https://example.org/s/1"])]
             ).serialize(data, format="turtle")
    with recognition_kg.open_store() as store:
        assert recognition_kg.check(store, [data]).conforms
        recognition_kg.load(store, [data])
        answer = recognition_kg.status(store, "QAA", "QBB", dt.date(2008, 2, 18))
    assert answer["results"][0]["status"] == "recognised"


def test_importing_the_package_loads_neither_the_web_layer_nor_the_validator() -> None:
    probe = "import sys, recognition_kg; print(sorted(m for m in ('flask', 'pyshacl', 'networkx') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
