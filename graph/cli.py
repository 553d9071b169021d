"""The ``rkg`` command: lookups, validation, loading and queries over the recognition graph.

A thin shell: each subcommand parses its arguments, calls one engine function and prints
through one ``--format`` writer. Errors of the :mod:`~recognition_kg.graph.errors` family are
caught once and end the command with their exit code; a file that cannot be read or written
is bad input (2); anything unforeseen is one line and exit 3 (the traceback with --debug).
The web layer adds ``serve`` to this group (:mod:`recognition_kg.api.cli`).

\b
Exit codes:
  0  ok
  1  a negative answer: the data does not conform, or the thing asked for does not exist
  2  bad input: a bad date, an unknown format, a file that does not parse or cannot be read
  3  an internal or store failure
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar

import click

from recognition_kg.graph import asof, saved_index
from recognition_kg.graph.bundle import default_store_path, open_bundled
from recognition_kg.graph.dates import parse_day
from recognition_kg.graph.dialects import DIALECTS
from recognition_kg.graph.entities import catalogue
from recognition_kg.graph.errors import InvalidRequest, NotConformant, RecognitionKGError
from recognition_kg.graph.output import FORMATS, render
from recognition_kg.graph.saved_index import Indexes
from recognition_kg.graph.store import Store, open_store

if TYPE_CHECKING:  # the loader and the shapes (pySHACL) load only for the commands that use them
    from recognition_kg.graph.validate import ValidationReport

__all__ = ["StoreChoice", "answered", "main"]

_LARGE = 1 << 20  # files over 1 MiB get a progress bar
#: a lookup reads and saves the indexes of a store up to this many quads (under a second)
_READ_ON_FIRST_USE = 200_000
_answered = False
P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class StoreChoice:
    """Which store the command works on, as the group's options chose it."""

    path: Path | None = None
    memory: bool = False
    debug: bool = False
    #: a remote SPARQL store's query endpoint (graph/remote_store.py), instead of a local store
    remote: str | None = None

    @contextmanager
    def open(self, *, writable: bool = False) -> Iterator[Store]:
        """The store, opened read-only unless the command writes, so that lookups run beside
        each other and beside a server; closed (and its lock released) when the block ends."""
        store = open_store(self.remote) if self.remote else open_bundled(self.path, memory=self.memory,
                                                                          read_only=not writable)
        try:
            yield store
        finally:
            store.close()

    @contextmanager
    def known(self, known_at: str | None) -> Iterator[Store]:
        """The store read-only, or as it was known at ``known_at`` (an in-memory view, see
        :mod:`~recognition_kg.graph.knowledge`)."""
        with self.open() as store:
            if known_at is None:
                yield store
                return
            from recognition_kg.graph import changelog, knowledge

            view, _ = knowledge.view(store, changelog.to_time(known_at, "--known-at"))
            try:
                yield view
            finally:
                if view is not store:
                    view.close()

    @contextmanager
    def lookup(self, known_at: str | None = None) -> Iterator[tuple[Store, Indexes | None]]:
        """The store read-only, with its saved indexes (:mod:`~recognition_kg.graph.saved_index`)
        when they are current: a lookup then answers from them, not from the named queries. A
        small store's indexes are read and saved on first use (a third of a second for the
        bundled data, then a few milliseconds a lookup); a large one's are saved by ``rkg index``
        or by a server that read them."""
        global _answered
        if known_at is not None:  # the view answers from the named queries: no saved index is its own
            with self.known(known_at) as view:
                yield view, None
            _answered = True
            return
        with self.open() as store:
            where, version = saved_index.location(store)
            indexes = saved_index.load(where, version)
            if indexes is None and where is not None and len(store) <= _READ_ON_FIRST_USE:
                indexes = saved_index.read(store)
                saved_index.save(where, version, indexes)
            yield store, indexes
        _answered = True


def answered() -> bool:
    """Whether a read-only lookup has answered and let go of its store: nothing is left to
    write or close, so the console script may leave without tearing the interpreter down."""
    return _answered


def _with(ix: Indexes | None) -> dict[str, Any]:
    """A lookup's keyword arguments for the indexes it may answer from."""
    return {"cat": ix.catalogue, "index": ix.status} if ix is not None else {}


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


class _Group(click.Group):
    """Maps every failure to an exit code and one line on standard error, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RecognitionKGError as e:
            _fail(e.message, e.exit_code)
        except OSError as e:
            # A path that cannot be read or written is the caller's to fix: a usage error.
            name = f" {e.filename}" if e.filename else ""
            _fail(f"cannot use{name}: {e.strerror or e}", 2)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as e:
            choice = ctx.obj if isinstance(ctx.obj, StoreChoice) else StoreChoice()
            if choice.debug:
                raise
            _fail(f"internal error ({type(e).__name__}): {e} (run with --debug for the traceback)", 3)


def reporting(*, quiet: bool) -> Callable[[Callable[P, ValidationReport]], Callable[P, None]]:
    """Print the validation report a command returns or raises, in its ``report_format``, and
    exit 1 when the data does not conform: the one route by which validate, load and import
    report. ``quiet`` leaves out the text of a report that conforms and says nothing more."""

    def decorate(command: Callable[P, ValidationReport]) -> Callable[P, None]:
        @wraps(command)
        def run(*args: P.args, **kwargs: P.kwargs) -> None:
            try:
                report = command(*args, **kwargs)
            except NotConformant as e:
                click.echo(f"error: {e.message}", err=True)
                report = e.report
            if kwargs.get("report_format") == "json":
                click.echo(json.dumps(report.to_dict(), indent=2))
            elif not (quiet and report.conforms and not report.results):
                click.echo(report.text())
            sys.exit(0 if report.conforms else 1)

        return run

    return decorate


def _day(value: str | None, what: str) -> dt.date:
    return parse_day(value, what=what)


format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                             help="How to print the answer.")
as_of_option = click.option("--as-of", "as_of", metavar="YYYY-MM-DD", default=None,
                            help="The day to answer for (default: today).")
known_at_option = click.option("--known-at", "known_at", metavar="INSTANT", default=None,
                                help="Answer as the graph was known at this instant (2024-01-01, or "
                                     "2024-01-01T09:30:00Z): later changes of the log undone.")
report_option = click.option("--report", "report_format", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="How to print the validation report.")


def _print(answer: dict[str, Any], fmt: str) -> None:
    click.echo(render(answer, fmt))


@click.group(cls=_Group, help=__doc__, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The on-disk store (a directory; built from the bundled data when new). "
                   f"Default: $RKG_STORE or {default_store_path()}.")
@click.option("--memory", is_flag=True, help="Use a fresh in-memory store holding the bundled data.")
@click.option("--remote", "remote", metavar="URL", default=None,
              help="Use a remote SPARQL 1.1 store: the URL of its query endpoint (Oxigraph server: .../query, "
                   "Virtuoso: .../sparql). "
                   "Credentials come from $RKG_REMOTE_AUTH ('user:password' or 'Bearer TOKEN') or the file "
                   "$RKG_REMOTE_AUTH_FILE names.")
@click.option("--remote-update", metavar="URL", default=None,
              help="The remote store's update endpoint (default: the dialect's, beside --remote).")
@click.option("--remote-store", metavar="URL", default=None,
              help="The remote store's Graph Store endpoint (default: the dialect's, beside --remote).")
@click.option("--remote-dialect", type=click.Choice(sorted(DIALECTS)), default=None,
              help="The remote store's engine, for what it says its own way (default: oxigraph).")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.version_option(package_name="recognition-kg")
@click.pass_context
def main(ctx: click.Context, store_path: Path | None, memory: bool, remote: str | None, remote_update: str | None,
         remote_store: str | None, remote_dialect: str | None, debug: bool) -> None:
    for name, url in (("--remote", remote), ("--remote-update", remote_update), ("--remote-store", remote_store)):
        if url is not None and not url.startswith(("http://", "https://")):
            raise click.BadParameter(f"{url!r} is not an http(s) URL", param_hint=name)
    if remote is None and (remote_update or remote_store or remote_dialect):
        raise click.BadParameter("needs --remote (the query endpoint) too", param_hint="--remote-update")
    if remote is not None:
        extra = "&".join(f"{k}={v}" for k, v in (("update", remote_update), ("store", remote_store),
                                                  ("dialect", remote_dialect)) if v)
        remote = remote + (("&" if "#" in remote else "#") + extra if extra else "")
    ctx.obj = StoreChoice(store_path, memory, debug, remote)


@main.command()
@click.argument("entity")
@as_of_option
@known_at_option
@format_option
@click.pass_obj
def recognisers(choice: StoreChoice, entity: str, as_of: str | None, known_at: str | None, fmt: str) -> None:
    """Who recognises ENTITY (a state or government: code, IRI or label) on a day."""
    with choice.lookup(known_at) as (store, ix):
        _print(asof.recognisers(store, entity, _day(as_of, "--as-of"), **_with(ix)), fmt)


@main.command("recognised-by")
@click.argument("state")
@as_of_option
@known_at_option
@format_option
@click.pass_obj
def recognised_by(choice: StoreChoice, state: str, as_of: str | None, known_at: str | None, fmt: str) -> None:
    """What STATE recognises on a day."""
    with choice.lookup(known_at) as (store, ix):
        _print(asof.recognised_by(store, state, _day(as_of, "--as-of"), **_with(ix)), fmt)


@main.command()
@click.argument("recogniser")
@click.argument("recognised")
@as_of_option
@known_at_option
@format_option
@click.pass_obj
def status(choice: StoreChoice, recogniser: str, recognised: str, as_of: str | None, known_at: str | None,
           fmt: str) -> None:
    """Whether RECOGNISER recognises RECOGNISED on a day: recognised, not_recognised or uncertain."""
    with choice.lookup(known_at) as (store, ix):
        _print(asof.status(store, recogniser, recognised, _day(as_of, "--as-of"), **_with(ix)), fmt)


@main.command()
@click.argument("a")
@click.argument("b", required=False)
@known_at_option
@format_option
@click.pass_obj
def timeline(choice: StoreChoice, a: str, b: str | None, known_at: str | None, fmt: str) -> None:
    """The acts between A and B (and their governments) in date order, or every act involving A."""
    with choice.lookup(known_at) as (store, ix):
        _print(asof.timeline(store, a, b, cat=ix.catalogue if ix else None, acts_index=ix.acts if ix else None), fmt)


@main.command()
@click.option("--from", "start", metavar="YYYY-MM-DD", default=None, help="The first day.")
@click.option("--to", "end", metavar="YYYY-MM-DD", default=None, help="The second day (default: today).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many (default: all).")
@click.option("--after", metavar="RECOGNISED,RECOGNISER", default=None,
              help="The changes after this pair: the next of an answer given --limit.")
@click.option("--known-from", "known_from", metavar="INSTANT", default=None,
              help="With --known-to: the corrections committed between two instants, not the changes between two "
                   "days.")
@click.option("--known-to", "known_to", metavar="INSTANT", default=None,
              help="The end of the corrections' span (default: now).")
@known_at_option
@format_option
@click.pass_obj
def changes(choice: StoreChoice, start: str | None, end: str | None, limit: int | None, after: str | None,
            known_from: str | None, known_to: str | None, known_at: str | None, fmt: str) -> None:
    """Every pair whose status differs between two days, by the recognised entity's code; or, with
    --known-from, every pair whose statuses the log's changes corrected between two instants."""
    if known_from is not None or known_to is not None:
        from recognition_kg.graph import changelog, knowledge

        if known_from is None:
            raise InvalidRequest("--known-to needs --known-from")
        with choice.open() as store:
            upto = changelog.to_time(known_to, "--known-to") if known_to else dt.datetime.now(dt.UTC)
            _print(knowledge.corrections_answer(store, changelog.to_time(known_from, "--known-from"), upto), fmt)
        return
    if start is None:
        raise InvalidRequest("changes needs --from (the first day), or --known-from (the first instant)")
    with choice.lookup(known_at) as (store, ix):
        _print(asof.changes(store, _day(start, "--from"), _day(end, "--to"), after=after, limit=limit,
                            **_with(ix)), fmt)


@main.command()
@click.argument("entity")
@as_of_option
@click.option("--group", type=click.Choice(["un", "states"]), default="un", show_default=True,
              help="Count among the UN member states of that day, or among every state.")
@known_at_option
@format_option
@click.pass_obj
def count(choice: StoreChoice, entity: str, as_of: str | None, group: str, known_at: str | None, fmt: str) -> None:
    """How many states recognise ENTITY on a day, the certain and the uncertain apart."""
    with choice.lookup(known_at) as (store, ix):
        _print(asof.count(store, entity, _day(as_of, "--as-of"), group=group, **_with(ix)), fmt)


@main.command()
@click.argument("text", required=False)
@known_at_option
@format_option
@click.pass_obj
def entities(choice: StoreChoice, text: str | None, known_at: str | None, fmt: str) -> None:
    """States and governments whose code or name contains TEXT (all without it)."""
    with choice.lookup(known_at) as (store, ix):
        _print(asof.entities(ix.catalogue if ix is not None else catalogue(store), text), fmt)


@main.command("index")
@click.pass_obj
def index_command(choice: StoreChoice) -> None:
    """Read the store's indexes and save them beside it, for lookups and servers to start from.

    They stay in use until the store's data changes (a write by any program); a lookup reads and
    saves a small store's indexes by itself, a large store's wait for this or for a server."""
    import time

    with choice.open() as store:
        where, version = saved_index.location(store)
        if where is None:
            raise InvalidRequest("an in-memory store keeps no saved indexes: name a store directory")
        t = time.perf_counter()
        indexes = saved_index.read(store)
        if not saved_index.save(where, version, indexes):
            raise InvalidRequest(f"cannot write the indexes into {where}")
    click.echo(f"saved the indexes of {len(indexes.status.intervals)} status intervals in "
               f"{where / saved_index.FILE} (read in {time.perf_counter() - t:.1f} s)")


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
@click.option("--format", "report_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="How to print the validation report.")
@click.pass_obj
@reporting(quiet=False)
def validate(choice: StoreChoice, files: tuple[Path, ...], report_format: str) -> ValidationReport:
    """Check FILES against the shapes and the stored data; store nothing. Exit 1 if they do not conform.

    Without FILES, check the whole bundled data (tables and RDF files) from scratch.
    """
    if not files:
        from recognition_kg.graph.bundle import bundled_parts
        from recognition_kg.graph.load import check_parsed
        from recognition_kg.graph.store import open_store

        with open_store() as scratch:
            return check_parsed(scratch, bundled_parts())
    from recognition_kg.graph.load import check

    with _progress(files) as progress, choice.open() as store:
        return check(store, files, progress=progress)


@main.command("load")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--graph", "graph_iri", default=None, metavar="IRI",
              help="Put the triples in this named graph (default: one graph per file).")
@click.option("--message", "-m", default=None, help="Why: kept with the change in the log.")
@click.option("--bundled", is_flag=True,
              help="Instead of FILES, put the bundled data (the ontology, the tables and the files of "
                   "graph/data) into an empty remote store, validated; it becomes the log's base.")
@report_option
@click.pass_obj
@reporting(quiet=True)
def load_command(choice: StoreChoice, files: tuple[Path, ...], graph_iri: str | None, message: str | None,
                 bundled: bool, report_format: str) -> ValidationReport:
    """Validate FILES and store them, all or nothing; re-derive the statuses they touch.

    The load is a curated write like one over HTTP: one writer at a time, one transaction, and
    an entry in the change log under the name of the user who ran it.
    """
    import getpass
    import re

    from rdflib import URIRef

    from recognition_kg.graph.load import parse_file
    from recognition_kg.graph.writes import load_files, writing

    if bundled:
        return _load_bundled(choice, files)
    if not files:
        raise click.UsageError("name the FILES to load (or --bundled, for an empty remote store)")

    curator = re.sub(r"[^A-Za-z0-9._-]", "-", getpass.getuser())[:64] or "cli"
    graph = URIRef(graph_iri) if graph_iri else None
    with _progress(files) as progress:
        parsed = [parse_file(p, graph=graph, progress=progress) for p in files]
    if choice.memory:
        with choice.open(writable=True) as store:
            result, change = load_files(store, parsed, curator=curator, message=message)
    elif choice.remote:
        with choice.open(writable=True) as remote, _remote_write_lock(remote):
            result, change = load_files(remote, parsed, curator=curator, message=message)
    else:
        path = choice.path or default_store_path()
        open_bundled(path, read_only=True).close()  # built first when new, as every command does
        with writing(path) as live:
            result, change = load_files(live, parsed, curator=curator, message=message)
    click.echo(f"loaded {result.triples} triples ({result.acts} acts) into {result.graph}; "
               f"{result.statuses} status intervals for {result.pairs} pairs; change {change.sequence} of the log")
    return result.report


def _remote_write_lock(store: Store) -> AbstractContextManager[None]:
    """The one-writer rule over a remote store: its lock, held in the store (``RemoteStore.write_lock``)."""
    from recognition_kg.graph.remote_store import RemoteStore

    if not isinstance(store, RemoteStore):
        raise TypeError(f"{store!r} is not a remote store")
    return store.write_lock()


def _load_bundled(choice: StoreChoice, files: tuple[Path, ...]) -> ValidationReport:
    """``rkg --remote URL load --bundled``: what a local store is built from, into a remote one."""
    from recognition_kg.graph.bundle import build
    from recognition_kg.graph.validate import ValidationReport

    if files:
        raise click.UsageError("--bundled takes no FILES")
    if not choice.remote:
        raise click.UsageError("--bundled is for a remote store (--remote URL): a local store is built from "
                               "the bundled data when it is new")
    with choice.open(writable=True) as store, _remote_write_lock(store):
        if len(store):
            raise InvalidRequest(f"the store at {choice.remote.partition('#')[0]} holds {len(store)} quads already: "
                                 "--bundled fills an empty store (load FILES to change one)")
        build(store)  # each part validated as it is loaded, against the parts before it
        click.echo(f"loaded the bundled data: {len(store)} quads; change 0 of the log")
    return ValidationReport(conforms=True)


@main.command("log")
@click.option("--after", type=click.IntRange(min=0), default=None, help="Only the changes after this one.")
@click.option("--patch", "patch_of", type=click.IntRange(min=1), default=None, metavar="N",
              help="Print change N as an RDF Patch file instead.")
@format_option
@click.pass_obj
def log_command(choice: StoreChoice, after: int | None, patch_of: int | None, fmt: str) -> None:
    """The change log: every accepted write (who, when, why, how many triples), oldest first."""
    from recognition_kg.graph import changelog

    with choice.open() as store:
        if patch_of is not None:
            click.echo(changelog.patch(store, patch_of), nl=False)
            return
        _print(changelog.log_answer(store, after=after), fmt)


@main.command("import")
@click.argument("folder", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write one Turtle file per table here instead of loading them into the store.")
@report_option
@click.pass_obj
@reporting(quiet=True)
def import_command(choice: StoreChoice, folder: Path | None, out: Path | None,
                   report_format: str) -> ValidationReport:
    """Map the curators' tables (FOLDER, default the bundled tables) to RDF, validate, and load them.

    Bad rows are reported with their file and row number, and nothing is stored.
    """
    from recognition_kg.graph.bundle import bundled_files, tables_dir
    from recognition_kg.graph.importer import governments_in, read_tables, tables_graph
    from recognition_kg.graph.load import from_graph, load_parsed
    from recognition_kg.graph.validate import ValidationReport

    tables = read_tables(folder or tables_dir(), governments=governments_in(bundled_files()))
    subjects = ["states", *sorted(tables.acts)]
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for subject in subjects:
            target = out / f"{subject}.ttl"
            body = tables_graph(tables, subject).serialize(format="turtle")
            target.write_text(f"# Generated by `rkg import` from {subject}.csv: edit the table, not this file.\n"
                              + body, encoding="utf-8")
            click.echo(f"wrote {target}")
        return ValidationReport(True)
    with choice.open(writable=True) as store:
        for subject in subjects:
            result = load_parsed(store, [from_graph(tables_graph(tables, subject), subject)])
            click.echo(f"{subject}: {result.triples} triples ({result.acts} acts), {result.statuses} status intervals")
    return ValidationReport(True)


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
@known_at_option
@click.pass_obj
def export(choice: StoreChoice, fmt: str, as_of: str | None, start: str | None, end: str | None,
           around: tuple[str, ...], depth: int, kinds: str, output: Path | None, known_at: str | None) -> None:
    """The recognition network on a day (--as-of) or over a range (--from/--to), for graph tools."""
    from recognition_kg.graph.export import filename, records, render

    ranged = start is not None or end is not None
    day = None if ranged else _day(as_of, "--as-of")
    first = _day(start, "--from") if start else None
    last = _day(end, "--to") if ranged else None
    with choice.lookup(known_at) as (store, ix):
        graph = records(store, as_of=day, start=first, end=last, around=around, depth=depth,
                        kinds=kinds.split(",") if kinds else (), **_with(ix))
    body = render(graph, fmt)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(body)
        return
    target = output or Path(filename(fmt, as_of=day, start=first, end=last))
    target.write_bytes(body)
    click.echo(f"wrote {target}: {len(graph.nodes)} nodes, {len(graph.edges)} edges")


@main.command()
@click.argument("sparql")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "xml", "csv", "tsv"]), default="table",
              show_default=True, help="Results format (graphs of CONSTRUCT/DESCRIBE print as N-Triples).")
@click.option("--max-rows", type=click.IntRange(1), default=None,
              help="Stop after this many rows (or triples), saying so on standard error.")
@known_at_option
@click.pass_obj
def query(choice: StoreChoice, sparql: str, fmt: str, max_rows: int | None, known_at: str | None) -> None:
    """Run a SPARQL query: the text, @FILE, or - for standard input.

    The bytes are those the endpoint's /sparql answers for the same query and format.
    """
    from recognition_kg.graph.formats import RESULT_FORMATS, find
    from recognition_kg.graph.results import write
    from recognition_kg.graph.sparql import check_query

    if sparql == "-":
        text = sys.stdin.read()
    elif sparql.startswith("@"):
        try:
            text = Path(sparql[1:]).read_text(encoding="utf-8")
        except OSError as e:
            raise InvalidRequest(f"cannot read the query file {sparql[1:]}: {e.strerror or e}") from e
    else:
        text = sparql
    check_query(text)
    chosen = "table" if fmt == "table" else find(RESULT_FORMATS, fmt) or "table"
    with choice.known(known_at) as store:
        # The endpoint's way (api/executor.py): the store's own writer when the result is short
        # enough, else the rows, cut at --max-rows, through ours.
        written = None if isinstance(chosen, str) else store.run_written(
            text, chosen, max_rows=sys.maxsize if max_rows is None else max_rows)
        if written is None:
            written = write(store.run(text, max_rows=max_rows), chosen)
    sys.stdout.buffer.write(written.body)
    if written.truncated:
        click.echo(f"(cut at {max_rows} rows: --max-rows)", err=True)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def audit(choice: StoreChoice, fmt: str) -> None:
    """The data's quality figures: acts by kind of source, single-source acts, acts on mirrors alone,
    proxy and sandbox citations, alternative dates, acts outside their parties' existence."""
    from recognition_kg.graph.audit import audit_store

    with choice.open() as store:
        report = audit_store(store)
    click.echo(json.dumps(report.to_dict(), indent=2) if fmt == "json" else report.text())
