"""Curators and their bearer tokens: who may write, read from a file, checked in constant time.

``rkg serve --allow-updates --tokens FILE`` takes a file of ``name:token`` lines, one per
curator (``#`` starts a comment); tokens are never given on the command line, where ``ps``
and shell histories would show them. A write names its curator by ``Authorization: Bearer
TOKEN`` (RFC 6750). Every token on file is compared with :func:`hmac.compare_digest`, all of
them every time, so that neither the match nor its place in the file shows in the timing.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from pathlib import Path

from recognition_kg.graph.errors import Forbidden, InvalidRequest, Unauthorized

__all__ = ["Curators", "READ_ONLY"]

_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
#: tokens shorter than this are refused when the file is read: a guessable token is no lock
MIN_TOKEN = 16
READ_ONLY = "this server is read-only: start it with --allow-updates --tokens FILE to take curated writes"


@dataclass(frozen=True)
class Curators:
    """The curators of a server and their tokens (as bytes, for the constant-time comparison)."""

    tokens: tuple[tuple[str, bytes], ...]

    @classmethod
    def read(cls, path: str | Path) -> Curators:
        """The curators of a tokens file.

        :raises InvalidRequest: naming the file and line of anything that is not ``name:token``
            with a name of letters, digits, ``.``, ``_`` or ``-`` and a token of at least 16
            characters, of a name or token given twice, and of a file without a curator.
        """
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InvalidRequest(f"cannot read the tokens file {p}: {e}") from e
        found: list[tuple[str, bytes]] = []
        for n, raw in enumerate(text.splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            name, sep, token = line.partition(":")
            name, token = name.strip(), token.strip()
            where = f"{p.name} line {n}"
            if not sep or not _NAME.fullmatch(name):
                raise InvalidRequest(f"{where} is not 'name:token' with a curator's name of letters, digits, . _ -")
            if len(token) < MIN_TOKEN:
                raise InvalidRequest(f"{where}: the token of {name} is shorter than {MIN_TOKEN} characters")
            if any(name == other for other, _ in found):
                raise InvalidRequest(f"{where}: the curator {name} is named twice")
            if any(hmac.compare_digest(token.encode(), t) for _, t in found):
                raise InvalidRequest(f"{where}: the token of {name} is another curator's too")
            found.append((name, token.encode()))
        if not found:
            raise InvalidRequest(f"the tokens file {p} names no curator")
        return cls(tuple(found))

    def curator(self, authorization: str | None) -> str:
        """The curator whose token the ``Authorization`` header carries.

        :raises Unauthorized: without a bearer token, or with one no curator holds.

        >>> Curators((("alice", b"a" * 16),)).curator("Bearer " + "a" * 16)
        'alice'
        """
        scheme, _, token = (authorization or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("a write needs a curator's token: send Authorization: Bearer TOKEN")
        given = token.strip().encode()
        match = None
        for name, expected in self.tokens:
            if hmac.compare_digest(given, expected) and match is None:
                match = name
        if match is None:
            raise Unauthorized("this token is no curator's: nothing was changed", reason="invalid_token")
        return match


def refuse_read_only() -> None:
    """A read-only server's answer to every write: 403, whatever the request carries."""
    raise Forbidden(READ_ONLY)
