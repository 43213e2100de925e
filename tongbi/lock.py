"""The warehouse's writer lock: one run writes at a time; a second waits, then stops saying why."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from tongbi.settings import Settings

_held: dict[str, int] = {}  # lock path -> depth held by this process (the CLI, then its flow)
_guard = threading.Lock()


class WarehouseBusy(RuntimeError):
    """Another process holds the writer lock for longer than we were willing to wait."""


@contextmanager
def writer_lock(settings: Settings, timeout: float | None = None) -> Iterator[None]:
    """Holds the writer lock beside the warehouse (re-entrant within one process)."""
    key = str(settings.lock_path)
    with _guard:
        if key in _held:
            _held[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _guard:
                _held[key] -= 1
        return
    fd = _acquire(settings, settings.lock_timeout if timeout is None else timeout)
    with _guard:
        _held[key] = 1
    try:
        yield
    finally:
        with _guard:
            del _held[key]
        # flock dies with the process too: a run killed with -9 never leaves a stale lock.
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _acquire(settings: Settings, timeout: float) -> int:
    """An fd holding the exclusive flock, after waiting up to `timeout` seconds; WarehouseBusy else."""
    path = settings.lock_path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
                os.close(fd)
                raise WarehouseBusy(
                    f"another run is writing {settings.db_path} (process {holder or '?'} holds "
                    f"{path}); waited {timeout:g} s. Try again when it has finished."
                ) from None
            time.sleep(0.2)
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)  # who holds it, for the other run's message
    return fd
