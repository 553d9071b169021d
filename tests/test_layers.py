"""The layers hold: ontology <- queries <- graph <- api <- the console script.

Read from the source (every import statement, module level or inside functions), not from
what happens to be loaded: a room may import the rooms before it, never one after it; the
engine never imports Flask or gunicorn; only command-line modules import click; nothing
outside a store adapter reaches for a private name of another module.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["ontology", "queries", "graph", "api"]
WEB = {"flask", "werkzeug", "gunicorn"}


@dataclass(frozen=True)
class Edge:
    """One import: which module of ours imports what, at which line."""

    module: str
    line: int
    target: str


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(["recognition_kg", *parts])


def _sources() -> list[Path]:
    files = [ROOT / "__init__.py"]
    for layer in LAYERS:
        files += sorted((ROOT / layer).glob("*.py"))
    return files


def _edges(path: Path) -> list[Edge]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [Edge(module, node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            out += [Edge(module, node.lineno, f"{base}.{a.name}" if a.name != "*" else base) for a in node.names]
    return out


ALL_EDGES = [e for p in _sources() for e in _edges(p)]


def _layer(name: str) -> int | None:
    parts = name.split(".")
    if parts[0] != "recognition_kg" or len(parts) < 2 or parts[1] not in LAYERS:
        return None
    return LAYERS.index(parts[1])


def test_the_walk_finds_every_room() -> None:
    assert {m.split(".")[1] for m in {e.module for e in ALL_EDGES} if m.count(".")} >= set(LAYERS)


def test_no_room_imports_a_room_above_it() -> None:
    wrong = [e for e in ALL_EDGES
             if (src := _layer(e.module)) is not None and (dst := _layer(e.target)) is not None and dst > src]
    assert wrong == [], "\n".join(f"{e.module}:{e.line} imports {e.target}" for e in wrong)


def test_the_root_package_imports_the_engine_only() -> None:
    wrong = [e for e in ALL_EDGES if e.module == "recognition_kg" and e.target.startswith("recognition_kg.api")]
    assert wrong == []


@pytest.mark.parametrize("layer", ["ontology", "queries", "graph"])
def test_below_the_web_layer_nothing_imports_flask_or_gunicorn(layer: str) -> None:
    wrong = [e for e in ALL_EDGES if e.module.startswith(f"recognition_kg.{layer}") and e.target.split(".")[0] in WEB]
    assert wrong == [], "\n".join(f"{e.module}:{e.line} imports {e.target}" for e in wrong)


def test_only_command_line_modules_import_click() -> None:
    wrong = [e for e in ALL_EDGES if e.target.split(".")[0] == "click" and not e.module.endswith(".cli")]
    assert wrong == [], "\n".join(f"{e.module}:{e.line} imports {e.target}" for e in wrong)


def test_no_module_imports_a_private_name_of_another() -> None:
    def private(target: str) -> bool:
        return any(part.startswith("_") and not part.startswith("__") for part in target.split("."))

    wrong = [e for e in ALL_EDGES if e.target.startswith("recognition_kg") and private(e.target)]
    assert wrong == [], "\n".join(f"{e.module}:{e.line} imports {e.target}" for e in wrong)


def test_only_the_oxigraph_adapter_opens_a_pyoxigraph_store() -> None:
    """The store protocol is the only door: no module outside the adapters opens ``pyoxigraph.Store``."""
    offenders = []
    for path in _sources():
        if path.name in ("oxigraph_store.py",):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("Store", "read_only") and \
                    isinstance(node.value, ast.Name) and node.value.id == "ox":
                offenders.append(f"{_module_name(path)}:{node.lineno}")
    assert offenders == []


def test_no_caller_switches_on_the_type_of_a_store() -> None:
    adapters = {"OxigraphStore", "RdflibStore"}
    offenders = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "isinstance":
                names = {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
                if names & adapters:
                    offenders.append(f"{_module_name(path)}:{node.lineno}")
    assert offenders == []
