"""What each SPARQL engine says its own way, in one place: the remote store's dialects.

:class:`~recognition_kg.graph.remote_store.RemoteStore` speaks the SPARQL 1.1 Protocol, Update
and the Graph Store Protocol; a :class:`Dialect` bends it to one engine. The base class is the
standards as Oxigraph server speaks them; :class:`Virtuoso` departs from them where Virtuoso 7
does (each seen on Debian's ``virtuoso-opensource`` 7.2 and checked by the tests that start it):

===========================  =============================  =====================================
what                         Oxigraph server                Virtuoso 7
===========================  =============================  =====================================
endpoints                    ``/query`` ``/update``         ``/sparql`` (reads), ``/sparql-auth``
                             ``/store``                     (writes, HTTP Digest)
a query's body               ``application/sparql-query``   a form (``query=``): it never answers
                                                            a ``sparql-query`` body
default graph                its own; the union of the      the union of every graph, its own
                             named graphs on request        system graphs included: each query
                             (``union-default-graph``)      names the data's graphs instead
                                                            (``default-graph-uri``, ``named-
                                                            graph-uri``; ``define input:default-
                                                            graph-exclude`` empties ``GRAPH <g>``)
the server's own timeout     none per request               ``timeout`` (ms), whose partial
                                                            answer is refused here
result types                 SPARQL 1.1 JSON                ``typed-literal``; booleans as
                                                            ``"1"``/``"0"``; blank nodes as
                                                            ``nodeID://``; a false ASK as an
                                                            empty SELECT of ``__ASK_RETVAL``
long answers                 whole                          cut at ``ResultSetMaxRows``: a header
                                                            says so, and it is an error here (its
                                                            Graph Store's GET cuts silently, so
                                                            dumps are queries)
writes                       ``INSERT DATA``, one request   under 2,000 triples of data a
                                                            request, so larger changes are staged
                                                            (``RemoteStore.commit``); no blank
                                                            nodes in ``INSERT DATA``; no default
                                                            graph; ``DROP ALL`` does nothing;
                                                            files parsed here (its Graph Store
                                                            takes no N-Quads or TriG)
update grants                none                           the user needs ``SPARQL_UPDATE``
comparisons                  as the standard                ``a <= b`` between ``xsd:date`` values
                                                            drops rows: the engine's queries
                                                            (``queries/*.rq``) write ``!(a > b)``
===========================  =============================  =====================================
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import httpx

from recognition_kg.graph.errors import QuerySyntaxError, QueryTimeout, RecognitionKGError, StoreError

__all__ = ["DIALECTS", "Dialect", "Virtuoso"]

_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


class Dialect:
    """The SPARQL 1.1 protocols as the standards (and Oxigraph server) speak them."""

    name: ClassVar[str] = "oxigraph"
    #: the endpoints, beside the query endpoint; the update endpoint when credentials are given
    update_path: ClassVar[str] = "update"
    authenticated_update_path: ClassVar[str] = "update"
    store_path: ClassVar[str] = "store"
    #: HTTP Digest (Virtuoso's ``-auth`` endpoints) rather than Basic for ``user:password``
    digest: ClassVar[bool] = False
    #: the query parameter that makes the default graph the union of the named graphs
    union_parameter: ClassVar[str | None] = "union-default-graph"
    #: the query parameter that bounds the server's own work, and its unit ("s" or "ms")
    timeout_parameter: ClassVar[tuple[str, str] | None] = None
    #: whether the store keeps a default graph apart from its named graphs
    own_default_graph: ClassVar[bool] = True
    #: whether each query names its dataset (every graph of the data, as default and named
    #: graphs), for a store whose own default graph holds more than the data
    explicit_dataset: ClassVar[bool] = False
    #: whether the Graph Store reads and writes whole datasets (N-Quads, TriG)
    graph_store_datasets: ClassVar[bool] = True
    #: the most quads one update request may carry as data; None: any number
    max_data_quads: ClassVar[int | None] = None

    def query_request(self, sparql: str) -> dict[str, Any]:
        """The body and headers (httpx keywords) of a query request."""
        return {"content": sparql.encode("utf-8"), "headers": {"Content-Type": "application/sparql-query"}}

    def update_request(self, sparql: str) -> dict[str, Any]:
        """The body and headers (httpx keywords) of an update request."""
        return {"content": sparql.encode("utf-8"), "headers": {"Content-Type": "application/sparql-update"}}

    def graph_filter(self, var: str) -> str:
        """A filter that leaves the engine's own graphs out of the graphs ``var`` ranges over."""
        return ""

    def binding(self, binding: Mapping[str, Any]) -> Mapping[str, Any]:
        """One term of a JSON result, as SPARQL 1.1 writes it."""
        return binding

    def answer(self, data: dict[str, Any]) -> dict[str, Any]:
        """A JSON result as SPARQL 1.1 writes it (an ASK's ``boolean``, a SELECT's ``results``)."""
        return data

    def insert(self, body: str, *, blank_nodes: bool) -> str:
        """The update that adds the quads of a data block (see ``sparql.data_blocks``)."""
        return "INSERT DATA {\n" + body + "\n}"

    def check(self, response: httpx.Response, url: str) -> None:
        """Raise when a successful answer is not a whole one."""

    def cut_at(self, response: httpx.Response) -> int | None:
        """The row limit at which the server cut this answer, if it did."""
        return None

    def error(self, response: httpx.Response, url: str) -> RecognitionKGError:
        """The family's error for a server's error answer, with the server's own words."""
        text = response.text.strip()
        words = text.splitlines()[0][:300] if text else response.reason_phrase
        if response.status_code == 400:
            return QuerySyntaxError(f"the SPARQL store at {url} refused the request: {words}")
        if response.status_code in (401, 403):
            return StoreError(f"the SPARQL store at {url} refused our credentials ({response.status_code}): {words}; "
                              "give them in $RKG_REMOTE_AUTH or $RKG_REMOTE_AUTH_FILE", url=url)
        return StoreError(f"the SPARQL store at {url} answered {response.status_code}: {words}", url=url)


class Virtuoso(Dialect):
    """OpenLink Virtuoso 7 (open-source edition), as its table row in the module doc says."""

    name: ClassVar[str] = "virtuoso"
    update_path: ClassVar[str] = "sparql"
    authenticated_update_path: ClassVar[str] = "sparql-auth"
    store_path: ClassVar[str] = "sparql-graph-crud-auth"
    digest: ClassVar[bool] = True
    union_parameter: ClassVar[str | None] = None
    timeout_parameter: ClassVar[tuple[str, str] | None] = ("timeout", "ms")
    own_default_graph: ClassVar[bool] = False
    explicit_dataset: ClassVar[bool] = True
    graph_store_datasets: ClassVar[bool] = False
    # Its SPARQL compiler gives up near 2,000 lines of data ("SQL text has exceeded 10000
    # lines", "memory exhausted"): larger changes are staged (RemoteStore.commit).
    max_data_quads: ClassVar[int | None] = 500
    #: the graphs a new Virtuoso holds of its own (its mapping schemas, LDP, its URIQA
    #: description): never part of the answers, the counts or the dumps
    SYSTEM_GRAPHS: ClassVar[tuple[str, ...]] = (
        "http://www.openlinksw.com/schemas/virtrdf#",
        "http://www.w3.org/ns/ldp#",
        "http://localuriqaserver/sparql",
    )

    def query_request(self, sparql: str) -> dict[str, Any]:
        return {"data": {"query": sparql}}

    def update_request(self, sparql: str) -> dict[str, Any]:
        return {"data": {"update": sparql}, "headers": {"Accept": "application/sparql-results+json"}}

    def graph_filter(self, var: str) -> str:
        return f"FILTER ({var} NOT IN ({', '.join(f'<{g}>' for g in self.SYSTEM_GRAPHS)}))"

    def binding(self, binding: Mapping[str, Any]) -> Mapping[str, Any]:
        kind = binding["type"]
        if kind == "typed-literal":
            value = binding["value"]
            if binding.get("datatype") == _XSD_BOOLEAN and value in ("1", "0"):
                value = "true" if value == "1" else "false"
            return {**binding, "type": "literal", "value": value}
        if kind == "bnode" and binding["value"].startswith("nodeID://"):
            return {"type": "bnode", "value": binding["value"][len("nodeID://"):]}
        return binding

    def answer(self, data: dict[str, Any]) -> dict[str, Any]:
        # A false ASK comes as a SELECT of one variable and no rows (a true one as "boolean").
        if data.get("head", {}).get("vars") == ["__ASK_RETVAL"] and "boolean" not in data:
            return {"head": {}, "boolean": bool(data.get("results", {}).get("bindings"))}
        return data

    def insert(self, body: str, *, blank_nodes: bool) -> str:
        # Virtuoso refuses blank nodes in INSERT DATA (SP031); a template with an empty WHERE
        # makes them, one per label, in the same one request.
        return ("INSERT {\n" + body + "\n} WHERE {}") if blank_nodes else super().insert(body, blank_nodes=False)

    def check(self, response: httpx.Response, url: str) -> None:
        # An "anytime query": at its timeout Virtuoso answers 200 with what it found so far.
        if response.headers.get("X-SQL-State") == "S1TAT":
            raise QueryTimeout(f"the Virtuoso store at {url} stopped the query at its timeout and would have "
                               f"answered in part: {response.headers.get('X-SQL-Message', '').strip()[:200]}")

    def cut_at(self, response: httpx.Response) -> int | None:
        limit = response.headers.get("X-SPARQL-MaxRows")
        return int(limit) if limit and limit.isdigit() else None

    def error(self, response: httpx.Response, url: str) -> RecognitionKGError:
        if "SR186" in response.text:  # "No permission to execute procedure DB.DBA.SPARQL_INSERT..."
            return StoreError(f"the Virtuoso store at {url} refused the write: its user lacks the SPARQL_UPDATE "
                              "role (GRANT SPARQL_UPDATE TO \"user\"; then give the user's credentials in "
                              "$RKG_REMOTE_AUTH)", url=url)
        return super().error(response, url)


DIALECTS: dict[str, Dialect] = {d.name: d for d in (Dialect(), Virtuoso())}
