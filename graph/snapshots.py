"""Committed states of an on-disk store, for readers while a writer writes.

pyoxigraph may open a store read-only in many processes, but not while another process writes
it ("undefined behaviour", its documentation says: RocksDB compacts files away under a reader).
So a store that takes writes keeps, beside its directory ``STORE``, a folder ``STORE.snapshots``:

- after each commit the writer makes a checkpoint of the store there (``Store.backup``: hard
  links to the store's immutable table files, milliseconds even at 14M quads), then points
  ``CURRENT`` at it with an atomic rename. A reader opens the snapshot ``CURRENT`` names, which
  no one ever writes: it sees the data before a commit or after it, never half of one;
- a reader holds a shared ``flock`` on its snapshot's ``READERS`` file while it has it open; a
  snapshot that is not current and that no reader holds is removed by the next writer;
- a writer killed between its commit and its checkpoint leaves the snapshot one commit
  behind; the next writer (or a server starting with updates) checkpoints first
  (:func:`publish`), so a reader is never behind for longer than that.

Only the writer opens ``STORE`` itself, and only while it holds ``STORE.write-lock``
(:func:`write_lock`): one writer at a time across every process.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from recognition_kg.graph.errors import StoreError

if TYPE_CHECKING:
    from recognition_kg.graph.oxigraph_store import NativeStore

__all__ = ["current", "folder", "hold", "publish", "write_lock"]

_CURRENT = "CURRENT"
_READERS = "READERS"
#: a process's own writers queue on this before they take the lock file (flock is per open file)
_local = threading.Lock()


def folder(store: Path) -> Path:
    """Where the snapshots of ``store`` live."""
    return store.with_name(store.name + ".snapshots")


def current(store: Path) -> Path | None:
    """The snapshot readers should open now, or None when the store has none (it has never
    been written through :mod:`~recognition_kg.graph.writes`)."""
    try:
        name = (folder(store) / _CURRENT).read_text().strip()
    except OSError:
        return None
    path = folder(store) / name
    return path if name and path.is_dir() else None


def marker(store: Path) -> tuple[int, int] | None:
    """A cheap token of the current snapshot (the ``CURRENT`` file's inode and mtime): it
    changes when a new snapshot is published, so a server can check it on every request."""
    try:
        st = os.stat(folder(store) / _CURRENT)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


def hold(snapshot: Path) -> IO[bytes]:
    """Take a reader's shared lock on ``snapshot`` (released when the returned file is closed,
    or when the process ends, however it ends)."""
    fh = open(snapshot / _READERS, "ab")  # noqa: SIM115 - it lives as long as the reader
    fcntl.flock(fh, fcntl.LOCK_SH)
    return fh


@contextlib.contextmanager
def write_lock(store: Path, *, timeout: float = 60.0) -> Iterator[None]:
    """Be the one writer of ``store``: across processes (``flock`` on ``STORE.write-lock``) and
    threads, waiting at most ``timeout`` seconds.

    :raises StoreError: when another writer holds it for longer than that.
    """
    deadline = time.monotonic() + timeout
    if not _local.acquire(timeout=timeout):
        raise StoreError(f"another write to {store} is still running after {timeout:g} s: try again")
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        with open(store.with_name(store.name + ".write-lock"), "ab") as fh:
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(f"another process is writing {store} after {timeout:g} s: "
                                         "try again") from None
                    time.sleep(0.005)  # flock has no timed wait: poll, briefly
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
    finally:
        _local.release()


def publish(store: Path, native: NativeStore) -> Path:
    """Checkpoint ``native`` (the store at ``store``, open for writing) as the new current
    snapshot, and remove the snapshots no reader holds. Call it holding :func:`write_lock`."""
    root = folder(store)
    root.mkdir(exist_ok=True)
    native.flush()
    name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
    tmp = root / f".tmp-{name}"
    try:
        native.backup(str(tmp))
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise StoreError(f"cannot checkpoint the store at {store}: {e}") from e
    (tmp / _READERS).touch()
    os.rename(tmp, root / name)
    pointer = root / f".{_CURRENT}.tmp"
    with open(pointer, "w") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(pointer, root / _CURRENT)
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    _collect(root, keep=name)
    return root / name


def _collect(root: Path, *, keep: str) -> None:
    """Remove the snapshots (and half-made ones) that are not ``keep`` and that no reader holds."""
    for entry in root.iterdir():
        if not entry.is_dir() or entry.name == keep:
            continue
        lock = entry / _READERS
        try:
            with open(lock, "ab") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                shutil.rmtree(entry, ignore_errors=True)
        except BlockingIOError:
            continue  # a reader still has it open
        except OSError:
            shutil.rmtree(entry, ignore_errors=True)
