"""The README's example sessions are true: each `$ rkg ...` shown with its output gives that output."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

ROOT = Path(__file__).resolve().parents[1]


def sessions() -> list[tuple[str, str]]:
    """(command, expected output) for every example shown in full (no elided output)."""
    found = []
    for block in re.findall(r"```console\n(.*?)```", (ROOT / "README.md").read_text(), re.S):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if not line.startswith("$ rkg "):
                continue
            out = []
            for nxt in lines[i + 1:]:
                if nxt.startswith("$ "):
                    break
                out.append(nxt)
            command = line[2:]
            if not out or "..." in "\n".join(out) or any(t in command for t in ("|", " -o ", "#", "serve", "export")):
                continue
            found.append((command, "\n".join(out)))
    return found


SESSIONS = sessions()


def test_the_readme_shows_several_checked_sessions() -> None:
    assert len(SESSIONS) >= 4


@pytest.mark.parametrize("command,expected", SESSIONS, ids=[c for c, _ in SESSIONS])
def test_readme_session_gives_the_output_shown(rkg: Callable[..., Run], command: str, expected: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    run = rkg(*shlex.split(command)[1:])
    assert (run.out + run.err).rstrip("\n") == expected
