"""What both SPARQL protocol endpoints (queries at ``/sparql``, updates at ``/update``) read the
same way: a body that must be UTF-8, and graph IRIs given as parameters."""

from __future__ import annotations

from flask import request

from recognition_kg.graph.errors import InvalidRequest
from recognition_kg.graph.sparql import IRI_TEXT

__all__ = ["body_text", "graph_parameters"]


def body_text() -> str:
    """The request body as text.

    :raises InvalidRequest: for a charset other than UTF-8, or bytes that are not UTF-8.
    """
    charset = request.mimetype_params.get("charset")
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise InvalidRequest(f"the request body must be UTF-8, not {charset}")
    data = request.get_data(cache=True)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InvalidRequest(f"the request body is not valid UTF-8 (byte {e.start})") from e


def graph_parameters(params: dict[str, list[str]], name: str) -> tuple[str, ...]:
    """The values of a graph parameter (``default-graph-uri``, ``using-graph-uri``...).

    :raises InvalidRequest: naming the parameter, for a value that is not an IRI.
    """
    values = tuple(params.get(name, []))
    for v in values:
        if not IRI_TEXT.fullmatch(v):
            raise InvalidRequest(f"{name} {v!r} is not an IRI", parameter=name)
    return values
