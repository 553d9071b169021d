"""The wheel installs one name and works outside the checkout: built, installed into a fresh
venv (not editable), and run there on the README's example sessions."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.helpers import ROOT, readme_sessions


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed (its folder)."""
    tmp = tmp_path_factory.mktemp("wheel")
    # Build from a copy, so that setuptools' build/ folder never lingers in the checkout (a stale
    # build/lib would put deleted modules back into later wheels).
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "build", "dist", "out", "*.egg-info",
                                                               "__pycache__", ".pytest_cache", ".mypy_cache",
                                                               ".ruff_cache", ".hypothesis"))
    dist = tmp / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(src)],
                   check=True, capture_output=True, cwd=tmp)
    [wheel] = dist.glob("recognition_kg-*.whl")
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)], check=True,
                   capture_output=True)
    return env_dir


def _env(installed: Path) -> dict[str, str]:
    env = {**os.environ, "RKG_STORE": str(installed / "store")}
    env.pop("PYTHONPATH", None)
    return env


@pytest.mark.slow
def test_the_wheel_installs_one_top_level_name(installed: Path) -> None:
    """Issue 12: `api`, `graph`, `queries`, `ontology` never land in site-packages."""
    [site] = (installed / "lib").glob("python*/site-packages")
    [record] = site.glob("recognition_kg-*.dist-info/RECORD")
    tops = {line.split(",")[0].split("/")[0] for line in record.read_text().splitlines() if line}
    in_site = {t for t in tops if not t.startswith("..")}
    assert in_site == {"recognition_kg", record.parent.name}, sorted(in_site)


@pytest.mark.slow
def test_the_installed_package_is_the_one_that_runs(installed: Path) -> None:
    where = subprocess.run([str(installed / "bin" / "python"), "-c",
                            "import recognition_kg; print(recognition_kg.__file__, recognition_kg.__version__)"],
                           capture_output=True, text=True, cwd=ROOT, env=_env(installed))
    assert where.returncode == 0, where.stderr
    assert str(installed) in where.stdout, "the command must run the installed package, not the checkout"


@pytest.mark.slow
@pytest.mark.parametrize("command,expected", readme_sessions(), ids=[c for c, _ in readme_sessions()])
def test_the_installed_rkg_answers_the_readme_session(installed: Path, command: str, expected: str) -> None:
    run = subprocess.run([str(installed / "bin" / "rkg"), *shlex.split(command)[1:]], capture_output=True,
                         text=True, cwd=ROOT, env=_env(installed), timeout=600)
    assert (run.stdout + run.stderr).rstrip("\n") == expected
