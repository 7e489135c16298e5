"""Child processes of a build die with it and never hold what blocks the next build.

A build forks helpers: one process per part of the input (``segments.build``, ``procs > 1``).
Forked children inherit every descriptor, so they used to keep the build's ``flock`` after
the parent was killed (``kill -9``), and later builds were refused for minutes. While a build
runs, every child forked from it therefore:

- closes its copy of the lock descriptor (the parent's ``flock`` stays; the kernel drops it
  the moment the parent dies, however it dies);
- asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG``, Linux);
- leaves SIGINT to the parent (a terminal's Ctrl-C reaches the whole process group; the
  parent cleans up and reports it once) and takes SIGTERM's default action (the parent's
  handler turns SIGTERM into a clean interruption; a child has nothing to clean up).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

_guarded: dict[str, object] = {"parent": None, "fds": set()}


def _libc_prctl():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None
    return getattr(libc, "prctl", None)


_PRCTL = _libc_prctl()


def _after_fork_in_child() -> None:
    parent = _guarded["parent"]
    if parent is None:
        return
    for fd in list(_guarded["fds"]):  # type: ignore[attr-defined]
        try:
            os.close(fd)
        except OSError:
            pass
    _guarded["parent"] = None
    _guarded["fds"] = set()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request above took effect
        os._exit(1)


os.register_at_fork(after_in_child=_after_fork_in_child)


@contextmanager
def guarded_children(*keep_fds: int) -> Iterator[None]:
    """While inside, children forked by this process die with it and never inherit ``keep_fds``."""
    _guarded["parent"] = os.getpid()
    _guarded["fds"] = set(keep_fds)
    try:
        yield
    finally:
        _guarded["parent"] = None
        _guarded["fds"] = set()


def terminate(processes: list) -> None:
    """Stop ``multiprocessing.Process`` objects that a cancelled build leaves waiting on a queue."""
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            log.warning("build helper %s did not stop; killing it", process.pid)
            process.kill()
            process.join()
