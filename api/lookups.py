"""The JSON API: the CLI's lookups over HTTP, the same answers from the same functions.

Parameters have the CLI's names (``entity``, ``state``, ``recogniser``, ``recognised``,
``as_of``, ``from``, ``to``, ``a``, ``b``, ``group``, ``text``); ``format=csv`` answers CSV.
A missing ``as_of`` means today; a bad date is a 400 naming its parameter; an unknown entity
a 404 with the closest matches. ``/api/changes`` answers a page at a time (``limit``, 1000 by
default, and ``after``, the cursor an answer's ``next`` gives), as datasette pages its rows:
over decades of a large graph the whole answer runs to hundreds of megabytes. The CLI prints
every change unless given ``--limit``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, jsonify, request

from recognition_kg import queries
from recognition_kg.api.openapi import parameters, spec
from recognition_kg.api.runtime import Known, Runtime
from recognition_kg.graph import asof, knowledge
from recognition_kg.graph import series as graph_series
from recognition_kg.graph.changelog import to_time
from recognition_kg.graph.dates import parse_day
from recognition_kg.graph.errors import InvalidRequest
from recognition_kg.graph.output import render

__all__ = ["bp"]

bp = Blueprint("lookups", __name__, url_prefix="/api")


def _rt() -> Runtime:
    return current_app.extensions["rkg"]  # type: ignore[no-any-return]


def _data() -> Runtime | Known:
    """What a lookup reads: the data as it is now, or as the graph knew it at ``known_at``
    (:mod:`~recognition_kg.graph.knowledge`); both have ``store``, ``catalogue`` and the indexes."""
    known_at = request.args.get("known_at", "").strip()
    if not known_at:
        return _rt()
    return _rt().known(to_time(known_at))


def _required(name: str) -> str:
    value = request.args.get(name, "").strip()
    if not value:
        raise InvalidRequest(f"the {name} parameter is required", parameter=name)
    return value


def _int(name: str, default: int) -> int:
    value = request.args.get(name, "")
    if not value:
        return default
    if not value.isdigit():
        raise InvalidRequest(f"{name} {value!r} is not a whole number", parameter=name)
    return int(value)


def _answer(compute: Callable[[], dict[str, Any]]) -> Response:
    fmt = request.args.get("format", "json")
    if fmt not in ("json", "csv"):
        raise InvalidRequest(f"format {fmt!r} is not json or csv", parameter="format")
    answer = compute()
    if fmt == "csv":
        response = Response(render(answer, "csv") + "\n", 200, content_type="text/csv; charset=utf-8")
    else:
        response = jsonify(answer)
    if "next" in answer:  # a page: the next one linked as RFC 8288 says, for CSV readers too
        following = request.args.copy()
        following["after"] = answer["next"]
        response.headers["Link"] = f'<{request.base_url}?{urlencode(list(following.items(multi=True)))}>; rel="next"'
    return response


@bp.get("/recognisers")
@parameters("entity", optional=["as_of", "known_at", "format"])
def recognisers() -> Response:
    """Who recognises ``entity`` on ``as_of``."""
    rt = _data()
    return _answer(lambda: asof.recognisers(rt.store, _required("entity"), parse_day(request.args.get("as_of")),
                                            cat=rt.catalogue, index=rt.index))


@bp.get("/recognised-by")
@parameters("state", optional=["as_of", "known_at", "format"])
def recognised_by() -> Response:
    """What ``state`` recognises on ``as_of``."""
    rt = _data()
    return _answer(lambda: asof.recognised_by(rt.store, _required("state"), parse_day(request.args.get("as_of")),
                                              cat=rt.catalogue, index=rt.index))


@bp.get("/status")
@parameters("recogniser", "recognised", optional=["as_of", "format"])
def status() -> Response:
    """Whether ``recogniser`` recognises ``recognised`` on ``as_of``."""
    rt = _data()
    return _answer(lambda: asof.status(rt.store, _required("recogniser"), _required("recognised"),
                                       parse_day(request.args.get("as_of")), cat=rt.catalogue,
                                       index=rt.index))


@bp.get("/timeline")
@parameters("a", optional=["b", "format"])
def timeline() -> Response:
    """Every act between ``a`` and ``b``, or involving ``a``."""
    rt = _data()
    return _answer(lambda: asof.timeline(rt.store, _required("a"), request.args.get("b") or None, cat=rt.catalogue,
                                         acts_index=rt.acts_index))


#: a page of changes at most: over decades at 1M acts the whole answer is 170 MB
CHANGES_PAGE, CHANGES_PAGE_MAX = 1000, 10_000


@bp.get("/changes")
@parameters(optional=["from", "to", "limit", "after", "known_at", "known_from", "known_to", "format"])
def changes() -> Response:
    """Every pair whose status differs between ``from`` and ``to``, a page at a time; or, with
    ``known_from`` (and ``known_to``), each pair whose statuses the log's changes corrected."""
    if request.args.get("known_from") or request.args.get("known_to"):
        start = to_time(_required("known_from"), "known_from")
        upto = request.args.get("known_to")
        end = to_time(upto, "known_to") if upto else dt.datetime.now(dt.UTC)
        return _answer(lambda: knowledge.corrections_answer(_rt().store, start, end, _rt().catalogue))
    rt = _data()
    limit = _int("limit", CHANGES_PAGE)
    if not 1 <= limit <= CHANGES_PAGE_MAX:
        raise InvalidRequest(f"limit {limit} is not between 1 and {CHANGES_PAGE_MAX}", parameter="limit")
    return _answer(lambda: asof.changes(rt.store, parse_day(_required("from"), what="from"),
                                        parse_day(request.args.get("to"), what="to"), cat=rt.catalogue,
                                        index=rt.index, after=request.args.get("after") or None, limit=limit))


@bp.get("/series")
@parameters("entity", optional=["known_at"])
def series() -> Response:
    """Every state's status towards ``entity`` on every day, as steps: what the map recolours from."""
    rt = _data()
    return jsonify(graph_series.series(rt.store, _required("entity"), cat=rt.catalogue, index=rt.index))


@bp.get("/count")
@parameters("entity", optional=["as_of", "group", "known_at", "format"])
def count() -> Response:
    """How many states recognise ``entity`` on ``as_of``, certain and uncertain apart."""
    rt = _data()
    return _answer(lambda: asof.count(rt.store, _required("entity"), parse_day(request.args.get("as_of")),
                                      group=request.args.get("group", "un"), cat=rt.catalogue, index=rt.index))


@bp.get("/entities")
@parameters(optional=["text", "known_at", "format"])
def entities() -> Response:
    """States and governments whose code or name contains ``text``."""
    rt = _data()
    text = request.args.get("text") or request.args.get("q") or None
    return _answer(lambda: asof.entities(rt.catalogue, text))


@bp.get("/export")
@parameters(optional=["as_of", "from", "to", "around", "depth", "kinds", "known_at", "export_format"])
def export() -> Response:
    """The network on ``as_of`` or over ``from``/``to``, as ``format`` (gexf by default)."""
    from recognition_kg.graph.export import FORMATS, filename, records, render

    rt = _data()
    fmt = request.args.get("format", "gexf")
    if fmt not in FORMATS:
        raise InvalidRequest(f"format {fmt!r} is not one of {', '.join(FORMATS)}", parameter="format")
    ranged = "from" in request.args or "to" in request.args
    day = None if ranged else parse_day(request.args.get("as_of"))
    start = parse_day(request.args["from"], what="from") if request.args.get("from") else None
    end = parse_day(request.args.get("to"), what="to") if ranged else None
    kinds = request.args.get("kinds", "")
    graph = records(rt.store, as_of=day, start=start, end=end, around=request.args.getlist("around"),
                    depth=_int("depth", 1),
                    kinds=kinds.split(",") if kinds else (), cat=rt.catalogue, index=rt.index)
    response = Response(render(graph, fmt), 200, content_type=FORMATS[fmt].media_type)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{filename(fmt, as_of=day, start=start, end=end)}"')
    return response


@bp.get("/queries")
@parameters()
def named_queries() -> Response:
    """The named queries of ``queries/`` (what the CLI and this API run), with their text."""
    found = [queries.get(name) for name in queries.names()]
    return jsonify({"results": [{"name": q.name, "title": q.title, "description": q.description,
                                 "parameters": list(q.parameters), "text": q.text} for q in found]})


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of this API."""
    return jsonify(spec(current_app, request.host_url.rstrip("/")))
