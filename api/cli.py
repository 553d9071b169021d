"""The console script ``rkg``: the engine's command group with the web layer's ``serve`` added.

The engine's CLI (:mod:`recognition_kg.graph.cli`) knows nothing of the web; this module, one
layer up, adds ``serve``, whose options are built from :class:`~recognition_kg.api.config.ServerConfig`
so that their defaults and help texts live in one place.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from recognition_kg.api.config import ServerConfig, settings
from recognition_kg.graph.bundle import default_store_path, open_bundled
from recognition_kg.graph.cli import StoreChoice, answered, main

__all__ = ["main", "run"]


def _config_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """One click option per field of ServerConfig, in its order."""
    for s in reversed(settings()):
        kind: Any = s.type
        if s.type in (int, float) and (s.minimum is not None or s.maximum is not None):
            kind = (click.IntRange if s.type is int else click.FloatRange)(s.minimum, s.maximum)  # type: ignore[arg-type]
        if s.name == "store":
            kind = click.Path(file_okay=False)
        if s.type is bool:
            command = click.option(s.option, s.name, is_flag=True, default=None, help=s.help)(command)
            continue
        if s.name == "tokens":
            kind = click.Path(exists=True, dir_okay=False)
        command = click.option(s.option, s.name, type=kind, default=s.default or None,
                               show_default=bool(s.default), help=s.help)(command)
    return command


@main.command()
@_config_options
@click.option("--memory", "serve_memory", is_flag=True, help="Serve a throwaway copy of the bundled data.")
@click.option("--get", "get_path", default=None, metavar="PATH",
              help="Answer one GET request for PATH in-process, print the body and exit (for smoke tests).")
@click.pass_obj
def serve(choice: StoreChoice, /, serve_memory: bool, get_path: str | None, **options: Any) -> None:
    """Serve the SPARQL endpoint, the Graph Store and the JSON API (read-only) under gunicorn.

    The store (--store, default the bundled store) is built from the bundled data when new;
    --memory serves a throwaway copy, removed on exit.
    """
    from recognition_kg.api.app import create_app
    from recognition_kg.api.serve import serve as run_server

    if choice.remote:
        # A remote store is served as it is: nothing is built, nothing is checkpointed here.
        options.pop("store", None)
        config = ServerConfig(store=choice.remote, **{k: v for k, v in options.items() if v is not None})
        if config.allow_updates:
            raise click.UsageError("--allow-updates over a remote store is not built yet: serve it read-only")
    else:
        if choice.memory or serve_memory:
            folder = Path(tempfile.mkdtemp(prefix="rkg-store-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            path = folder / "store"
        else:
            path = Path(options.pop("store") or choice.path or default_store_path())
        options.pop("store", None)
        # Build the store when it is new or stale, then let go of it for the workers; read-only
        # when it is current, since opening it for writing changes its data version (its ETags,
        # its saved indexes) with the data as it was.
        open_bundled(path, read_only=True).close()
        # An option left out (None) keeps ServerConfig's default, a zero among them.
        config = ServerConfig(store=str(path), **{k: v for k, v in options.items() if v is not None})
        if config.allow_updates:
            from recognition_kg.api.auth import Curators
            from recognition_kg.graph.writes import publish_current

            if not config.tokens:
                raise click.UsageError("--allow-updates needs --tokens FILE (one 'name:token' line per curator)")
            Curators.read(config.tokens)  # a bad file is refused before anything starts
            # Readers open the store's snapshots, never its directory, once it takes writes.
            publish_current(path)
    if get_path is not None:
        app = create_app(config)
        try:
            response = app.test_client().get(get_path)
            click.echo(response.get_data(as_text=True), nl=False)
        finally:
            app.extensions["rkg"].close()
        sys.exit(0 if response.status_code < 400 else 1)
    run_server(config)


def run() -> None:
    """The console script ``rkg``: the command group, then, after a lookup, a quick exit.

    Tearing down an interpreter that has loaded rdflib and pyoxigraph takes a tenth of a second,
    a fifth of a lookup command's whole time. Once a read-only lookup has answered and closed its
    store (:func:`~recognition_kg.graph.cli.answered`), its output is flushed and the process
    ends at once; every other command (a load, a server) ends the normal way.
    """
    try:
        main.main()
    except SystemExit as done:
        if answered():
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(done.code if isinstance(done.code, int) else 0)
        raise


if __name__ == "__main__":
    run()
