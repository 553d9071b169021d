"""The README's example sessions are true: each `$ rkg ...` shown with its output gives that output."""

from __future__ import annotations

import shlex
from collections.abc import Callable

import pytest

from tests.helpers import ROOT, Run, readme_sessions

SESSIONS = readme_sessions()


def test_the_readme_shows_several_checked_sessions() -> None:
    assert len(SESSIONS) >= 4


@pytest.mark.parametrize("command,expected", SESSIONS, ids=[c for c, _ in SESSIONS])
def test_readme_session_gives_the_output_shown(rkg: Callable[..., Run], command: str, expected: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    run = rkg(*shlex.split(command)[1:])
    assert (run.out + run.err).rstrip("\n") == expected
