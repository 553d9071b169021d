"""The wheel works outside the checkout: built, installed into a fresh venv, and run there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_installed_wheel_answers_from_its_own_bundled_data(tmp_path: Path) -> None:
    # Build from a copy, so that setuptools' build/ folder never lingers in the checkout (a stale
    # build/lib would put deleted modules back into later wheels).
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "build", "dist", "out", "*.egg-info",
                                                               "__pycache__", ".pytest_cache", ".mypy_cache"))
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(src)],
                   check=True, capture_output=True, cwd=tmp_path)
    [wheel] = dist.glob("recognition_kg-*.whl")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    env = {**os.environ, "RKG_STORE": str(tmp_path / "store")}
    env.pop("PYTHONPATH", None)
    run = subprocess.run([str(env_dir / "bin" / "rkg"), "recognisers", "Islamic Emirate of Afghanistan",
                          "--as-of", "2025-08-01", "--format", "json"],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert [r["code"] for r in json.loads(run.stdout)["results"]] == ["RUS"]
    where = subprocess.run([str(python), "-c", "import graph; print(graph.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, env=env)
    assert str(env_dir) in where.stdout, "the command must run the installed package, not the checkout"
