"""The Flask application: routes, CORS, request ids, one log line per request, metrics.

:func:`create_app` builds the app without touching the store, so that a production server can
create it once and fork its workers; each process opens the store read-only on first use.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
import uuid
from typing import Any

from flask import Flask, Response, g, jsonify, request
from flask.json.provider import DefaultJSONProvider

from recognition_kg.api import caching, errors, graph_store, lookups, sparql_endpoint, writes
from recognition_kg.api.auth import Curators
from recognition_kg.api.budget import Budget
from recognition_kg.api.config import ServerConfig
from recognition_kg.api.metrics import Metrics
from recognition_kg.api.runtime import Runtime
from recognition_kg.graph.errors import InvalidRequest

__all__ = ["create_app"]

log = logging.getLogger("rkg.http")
_RID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_CORS_PATHS = ("/sparql", "/update", "/api/", "/store", "/healthz")


class ISODateJSONProvider(DefaultJSONProvider):
    """JSON with ISO 8601 dates (Flask's default writes RFC 822 HTTP dates) and UTF-8 as is."""

    ensure_ascii = False
    sort_keys = False

    @staticmethod
    def default(o: Any) -> Any:
        if isinstance(o, dt.date | dt.datetime):
            return o.isoformat()
        return DefaultJSONProvider.default(o)




def create_app(config: ServerConfig, *, metrics: Metrics | None = None) -> Flask:
    """The WSGI application serving ``config.store_path`` read-only."""
    app = Flask(__name__)
    app.json = ISODateJSONProvider(app)
    app.config["MAX_CONTENT_LENGTH"] = config.max_body
    runtime = Runtime(config)
    app.extensions["rkg"] = runtime
    errors.register(app)
    app.register_blueprint(sparql_endpoint.bp)
    app.register_blueprint(graph_store.bp)
    app.register_blueprint(lookups.bp)
    app.register_blueprint(writes.bp)
    if config.allow_updates:
        if not config.tokens:
            raise InvalidRequest("--allow-updates needs --tokens FILE: the curators' name:token lines")
        app.extensions["rkg.curators"] = Curators.read(config.tokens)

    methods = "GET, POST, PUT, DELETE" if config.allow_updates else "GET, POST"
    allowed_headers = "Content-Type, Accept" + (f", Authorization, {writes.MESSAGE_HEADER}" if config.allow_updates
                                                else "")

    @app.before_request
    def _start() -> Response | None:
        g.started = time.perf_counter()
        rid = request.headers.get("X-Request-Id", "")
        g.request_id = rid if _RID.match(rid) else uuid.uuid4().hex
        if request.method == "OPTIONS":
            return Response(status=204)
        return None

    @app.after_request
    def _finish(response: Response) -> Response:
        response.headers["X-Request-Id"] = g.get("request_id", "-")
        if request.path.startswith(_CORS_PATHS):
            # Public data: any origin may read it. Writes, where the server takes them, need a
            # bearer token (never a cookie), so a page elsewhere writes only with a token its
            # user gave it.
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Allow-Methods"] = methods
            response.headers["Access-Control-Allow-Headers"] = allowed_headers
            response.headers["Access-Control-Expose-Headers"] = "X-Request-Id, X-Result-Truncated, X-Result-Rows"
        seconds = time.perf_counter() - g.get("started", time.perf_counter())
        rule = request.url_rule.rule if request.url_rule is not None else "other"
        app.extensions["rkg.metrics"].request(rule, response.status_code, seconds)
        log.info("%s %s %d %.1fms rid=%s", request.method, request.full_path.rstrip("?"), response.status_code,
                 seconds * 1000, g.get("request_id", "-"))
        return response

    @app.get("/")
    def index() -> Response:
        """The web page (api/static/): the map, timelines and the SPARQL editor."""
        return app.send_static_file("index.html")

    @app.get("/healthz")
    def healthz() -> Response:
        return jsonify({"ok": True, "status": 200, **runtime.info()})

    @app.get("/metrics")
    def metrics_route() -> Response:
        return Response(app.extensions["rkg.metrics"].render(), 200,
                        content_type="text/plain; version=0.0.4; charset=utf-8")

    # After the request id and the clock are set, so that a 304 carries them too.
    # A server taking writes has every reuse revalidated: a reader sees a commit at once.
    caching.register(app, runtime, max_age=config.cache_max_age, revalidate=config.allow_updates)
    app.extensions["rkg.budget"] = Budget(config.budget)  # shared memory, made before the workers fork
    app.extensions["rkg.metrics"] = metrics or Metrics(rule.rule for rule in app.url_map.iter_rules())
    return app
