"""The ``rkg`` command: lookups, validation, loading and queries over the recognition graph.

A thin shell: each subcommand parses its arguments, calls one engine function and prints
through one ``--format`` writer. Errors of the :mod:`graph.errors` family are caught once
and end the command with their exit code.

\b
Exit codes:
  0  ok
  1  a negative answer: the data does not conform, or the thing asked for does not exist
  2  bad input: a bad date, an unknown format, a file that does not parse (click's usage code)
  3  an internal or store failure
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

from graph import asof
from graph.bundle import default_store_path, open_bundled
from graph.dates import parse_day
from graph.entities import catalogue
from graph.errors import RecognitionKGError
from graph.load import check, load
from graph.output import FORMATS, render
from graph.store import Store

__all__ = ["main"]

_LARGE = 1 << 20  # files over 1 MiB get a progress bar


class _Context:
    def __init__(self, store_path: Path | None, memory: bool) -> None:
        self.store_path, self.memory = store_path, memory
        self.writable = False  # set by the commands that write (load, import)
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        """The store, opened read-only unless the command writes, so that lookups can run
        beside each other and beside a server."""
        if self._store is None:
            self._store = open_bundled(self.store_path, memory=self.memory, read_only=not self.writable)
        return self._store

    def close(self) -> None:
        """Let go of the store, so that its directory lock is released at once."""
        flush = getattr(self._store, "flush", None)
        if flush is not None:
            flush()
        self._store = None
        # Frames of a load can stay referenced from caught exceptions inside pySHACL or
        # rdflib (a cycle), keeping the store and its lock alive until a collection.
        gc.collect()


def _fail(e: RecognitionKGError) -> NoReturn:
    click.echo(f"error: {e.message}", err=True)
    report = getattr(e, "report", None)
    if report is not None:
        click.echo(report.text(), err=False)
    sys.exit(e.exit_code)


def _day(value: str | None, what: str) -> dt.date:
    return parse_day(value, what=what)


format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                             help="How to print the answer.")
as_of_option = click.option("--as-of", "as_of", metavar="YYYY-MM-DD", default=None,
                            help="The day to answer for (default: today).")


def _print(answer: dict[str, Any], fmt: str) -> None:
    click.echo(render(answer, fmt))


class _Group(click.Group):
    """Maps the project's errors to exit codes in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RecognitionKGError as e:
            _fail(e)


@click.group(cls=_Group, help=__doc__, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The on-disk store (a directory; built from the bundled data when new). "
                   f"Default: $RKG_STORE or {default_store_path()}.")
@click.option("--memory", is_flag=True, help="Use a fresh in-memory store holding the bundled data.")
@click.version_option(package_name="recognition-kg")
@click.pass_context
def main(ctx: click.Context, store_path: Path | None, memory: bool) -> None:
    ctx.obj = _Context(store_path, memory)
    ctx.call_on_close(ctx.obj.close)


@main.command()
@click.argument("entity")
@as_of_option
@format_option
@click.pass_obj
def recognisers(obj: _Context, entity: str, as_of: str | None, fmt: str) -> None:
    """Who recognises ENTITY (a state or government: code, IRI or label) on a day."""
    _print(asof.recognisers(obj.store, entity, _day(as_of, "--as-of")), fmt)


@main.command("recognised-by")
@click.argument("state")
@as_of_option
@format_option
@click.pass_obj
def recognised_by(obj: _Context, state: str, as_of: str | None, fmt: str) -> None:
    """What STATE recognises on a day."""
    _print(asof.recognised_by(obj.store, state, _day(as_of, "--as-of")), fmt)


@main.command()
@click.argument("recogniser")
@click.argument("recognised")
@as_of_option
@format_option
@click.pass_obj
def status(obj: _Context, recogniser: str, recognised: str, as_of: str | None, fmt: str) -> None:
    """Whether RECOGNISER recognises RECOGNISED on a day: recognised, not_recognised or uncertain."""
    _print(asof.status(obj.store, recogniser, recognised, _day(as_of, "--as-of")), fmt)


@main.command()
@click.argument("a")
@click.argument("b", required=False)
@format_option
@click.pass_obj
def timeline(obj: _Context, a: str, b: str | None, fmt: str) -> None:
    """The acts between A and B (and their governments) in date order, or every act involving A."""
    _print(asof.timeline(obj.store, a, b), fmt)


@main.command()
@click.option("--from", "start", metavar="YYYY-MM-DD", required=True, help="The first day.")
@click.option("--to", "end", metavar="YYYY-MM-DD", default=None, help="The second day (default: today).")
@format_option
@click.pass_obj
def changes(obj: _Context, start: str, end: str | None, fmt: str) -> None:
    """Every pair whose status differs between two days."""
    _print(asof.changes(obj.store, _day(start, "--from"), _day(end, "--to")), fmt)


@main.command()
@click.argument("entity")
@as_of_option
@click.option("--group", type=click.Choice(["un", "states"]), default="un", show_default=True,
              help="Count among the UN member states of that day, or among every state.")
@format_option
@click.pass_obj
def count(obj: _Context, entity: str, as_of: str | None, group: str, fmt: str) -> None:
    """How many states recognise ENTITY on a day, the certain and the uncertain apart."""
    _print(asof.count(obj.store, entity, _day(as_of, "--as-of"), group=group), fmt)


@main.command()
@click.argument("text", required=False)
@format_option
@click.pass_obj
def entities(obj: _Context, text: str | None, fmt: str) -> None:
    """States and governments whose code or name contains TEXT (all without it)."""
    _print(asof.entities(catalogue(obj.store), text), fmt)


@contextmanager
def _progress(paths: tuple[Path, ...]) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on standard error while large files are read (None for small ones)."""
    total = sum(p.stat().st_size for p in paths if p.exists())
    if total < _LARGE:
        yield None
        return
    with click.progressbar(length=total, label=f"reading {total / (1 << 20):.1f} MiB", file=sys.stderr) as bar:
        yield bar.update
    click.echo("", err=True)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def validate(obj: _Context, files: tuple[Path, ...], fmt: str) -> None:
    """Check FILES against the shapes and the stored data; store nothing. Exit 1 if they do not conform.

    Without FILES, check the whole bundled data (tables and RDF files) from scratch.
    """
    if not files:
        from graph.bundle import bundled_parts
        from graph.load import check_parsed
        from graph.store import OxigraphStore

        report = check_parsed(OxigraphStore(), bundled_parts())
    else:
        with _progress(files) as progress:
            report = check(obj.store, files, progress=progress)
    click.echo(json.dumps(report.to_dict(), indent=2) if fmt == "json" else report.text())
    sys.exit(0 if report.conforms else 1)


@main.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--graph", "graph_iri", default=None, metavar="IRI",
              help="Put the triples in this named graph (default: one graph per file).")
@click.pass_obj
def load_command(obj: _Context, files: tuple[Path, ...], graph_iri: str | None) -> None:
    """Validate FILES and store them, all or nothing; re-derive the statuses they touch."""
    from rdflib import URIRef

    obj.writable = True
    with _progress(files) as progress:
        result = load(obj.store, files, graph=URIRef(graph_iri) if graph_iri else None, progress=progress)
    click.echo(f"loaded {result.triples} triples ({result.acts} acts) into {result.graph}; "
               f"{result.statuses} status intervals for {result.pairs} pairs")


@main.command("import")
@click.argument("folder", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write one Turtle file per table here instead of loading them into the store.")
@click.pass_obj
def import_command(obj: _Context, folder: Path | None, out: Path | None) -> None:
    """Map the curators' tables (FOLDER, default the bundled tables) to RDF, validate, and load them.

    Bad rows are reported with their file and row number, and nothing is stored.
    """
    from graph.bundle import tables_dir
    from graph.importer import read_tables, tables_graph
    from graph.load import from_graph, load_parsed

    tables = read_tables(folder or tables_dir())
    subjects = ["states", *sorted(tables.acts)]
    obj.writable = out is None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for subject in subjects:
            target = out / f"{subject}.ttl"
            body = tables_graph(tables, subject).serialize(format="turtle")
            target.write_text(f"# Generated by `rkg import` from {subject}.csv: edit the table, not this file.\n"
                              + body, encoding="utf-8")
            click.echo(f"wrote {target}")
        return
    for subject in subjects:
        result = load_parsed(obj.store, [from_graph(tables_graph(tables, subject), subject)])
        click.echo(f"{subject}: {result.triples} triples ({result.acts} acts), {result.statuses} status intervals")


@main.command()
@click.option("--format", "fmt", default="gexf", show_default=True,
              type=click.Choice(["gexf", "graphml", "cytoscape", "json", "dot", "svg", "png", "csv"]),
              help="GEXF 1.3 (Gephi), GraphML (yEd), Cytoscape.js, node-link JSON (D3), Graphviz DOT/SVG/PNG, "
                   "or a CSV edge list.")
@as_of_option
@click.option("--from", "start", metavar="YYYY-MM-DD", default=None, help="Start of a range: a dynamic network.")
@click.option("--to", "end", metavar="YYYY-MM-DD", default=None, help="End of a range (default: today).")
@click.option("--around", multiple=True, metavar="ENTITY", help="Keep only this entity and its neighbours (repeat).")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(1, 10), help="Steps from --around.")
@click.option("--kinds", default="", metavar="KIND,...", help="Keep edges with these act kinds (Recognition, ...).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (default: a file name that says what and when; - for standard output).")
@click.pass_obj
def export(obj: _Context, fmt: str, as_of: str | None, start: str | None, end: str | None, around: tuple[str, ...],
           depth: int, kinds: str, output: Path | None) -> None:
    """The recognition network on a day (--as-of) or over a range (--from/--to), for graph tools."""
    from graph.export import filename, network, render

    ranged = start is not None or end is not None
    day = None if ranged else _day(as_of, "--as-of")
    first = _day(start, "--from") if start else None
    last = _day(end, "--to") if ranged else None
    graph = network(obj.store, as_of=day, start=first, end=last, around=around, depth=depth,
                    kinds=kinds.split(",") if kinds else ())
    body = render(graph, fmt)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(body)
        return
    target = output or Path(filename(fmt, as_of=day, start=first, end=last))
    target.write_bytes(body)
    click.echo(f"wrote {target}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")


@main.command()
@click.argument("sparql")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv", "xml"]), default="table",
              show_default=True, help="Results format (graphs of CONSTRUCT/DESCRIBE print as N-Triples).")
@click.pass_obj
def query(obj: _Context, sparql: str, fmt: str) -> None:
    """Run a SPARQL query: the text, @FILE, or - for standard input."""
    from graph.sparql import run_query

    if sparql == "-":
        text = sys.stdin.read()
    elif sparql.startswith("@"):
        text = Path(sparql[1:]).read_text(encoding="utf-8")
    else:
        text = sparql
    click.echo(run_query(obj.store, text, fmt), nl=False)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Web worker processes.")
@click.option("--slots", default=4, show_default=True, type=click.IntRange(1, 64),
              help="SPARQL queries each worker runs at once (threads and executor processes).")
@click.option("--query-timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Seconds a SPARQL query may run before it is stopped with a 503.")
@click.option("--max-rows", default=100_000, show_default=True, type=click.IntRange(1),
              help="Results are cut after this many rows, with an X-Result-Truncated header.")
@click.option("--preload-max-quads", default=2_000_000, show_default=True, type=click.IntRange(0),
              help="Answer the JSON API from an in-memory copy of stores up to this size (0: never).")
@click.option("--store", "serve_store", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The on-disk store to serve (same as rkg --store).")
@click.option("--memory", "serve_memory", is_flag=True, help="Serve a throwaway copy of the bundled data.")
@click.option("--get", "get_path", default=None, metavar="PATH",
              help="Answer one GET request for PATH in-process, print the body and exit (for smoke tests).")
@click.pass_obj
def serve(obj: _Context, host: str, port: int, workers: int, slots: int, query_timeout: float, max_rows: int,
          preload_max_quads: int, serve_store: Path | None, serve_memory: bool, get_path: str | None) -> None:
    """Serve the SPARQL endpoint, the Graph Store and the JSON API (read-only) under gunicorn.

    The store (--store, default the bundled store) is built from the bundled data when new;
    --memory serves a throwaway copy, removed on exit.
    """
    import atexit
    import shutil
    import tempfile

    from api import ServerConfig, create_app
    from api.serve import serve as run_server

    if serve_store is not None:
        obj.store_path = serve_store
    if obj.memory or serve_memory:
        folder = Path(tempfile.mkdtemp(prefix="rkg-store-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = folder / "store"
    else:
        path = obj.store_path or default_store_path()
    obj.store_path, obj.memory = path, False
    # Build the store when it is new or stale, then let go of it for the workers.
    open_bundled(path)
    gc.collect()
    config = ServerConfig(str(path), query_timeout=query_timeout, max_rows=max_rows, slots=slots,
                          preload_max_quads=preload_max_quads)
    if get_path is not None:
        app = create_app(config)
        try:
            response = app.test_client().get(get_path)
            click.echo(response.get_data(as_text=True), nl=False)
        finally:
            app.extensions["rkg"].close()
        sys.exit(0 if response.status_code < 400 else 1)
    run_server(config, host=host, port=port, workers=workers)


if __name__ == "__main__":
    main()
