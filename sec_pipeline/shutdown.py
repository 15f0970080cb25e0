"""Stopping cleanly on SIGTERM or SIGINT: one process-wide stop flag, and what raises it.

`stops_cleanly(name)` wraps a command's work. A SIGTERM or SIGINT interrupts the main thread the way Ctrl-C
does (Dagster, which handles both signals while a step runs, then records the step and the run as failed) and
sets the stop flag: a thread woken through `signal.set_wakeup_fd` sets it whichever Python handler is installed
at that moment. Every EDGAR request checks the flag before each attempt, between body chunks and in every
wait, so worker threads abandon their request at once instead of finishing a long download or a 10-minute
throttle pause. The command then ends with one line on stderr and exit code 128 + the signal number.
Nothing here imports Dagster.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
import threading
from collections.abc import Iterator
from types import FrameType

SIGNALS = (signal.SIGTERM, signal.SIGINT)
NAME_WAIT_S = 0.5  # how long the wake-up thread may take to name the signal after the main thread saw it

_stop = threading.Event()
_received: list[signal.Signals] = []


class ShutdownRequested(KeyboardInterrupt):
    """A stop was requested by a signal. A KeyboardInterrupt, so `except Exception` handlers (one bad filing
    never sinks a partition) let it through and Dagster treats it as an interruption."""


def requested(wait_s: float = 0.0) -> bool:
    """True once a stop was requested (waiting up to `wait_s` for the wake-up thread to say so)."""
    return _stop.wait(wait_s) if wait_s > 0 else _stop.is_set()


def _stop_requested() -> ShutdownRequested:
    return ShutdownRequested(f"stop requested by {_received[0].name if _received else 'a signal'}")


def check() -> None:
    """Raise ShutdownRequested when a stop was requested."""
    if _stop.is_set():
        raise _stop_requested()


def sleep(seconds: float) -> None:
    """Wait `seconds`, or less when a stop is requested meanwhile (then raise ShutdownRequested)."""
    check()
    if seconds > 0 and _stop.wait(seconds):
        # a stop ended the wait: raise even if the command that saw it has already reset the flag
        raise _stop_requested()


def request(signum: int = signal.SIGTERM) -> None:
    """Ask every EDGAR request of this process to stop, naming the signal that asked."""
    if not _received:
        _received.append(signal.Signals(signum))
    _stop.set()


def reset() -> None:
    """Forget a requested stop (after the command that saw it has ended)."""
    _stop.clear()
    _received.clear()


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise ShutdownRequested(f"stop requested by {signal.Signals(signum).name}")


def _watch(receiver: socket.socket) -> None:
    """Set the stop flag for every SIGTERM or SIGINT number written to the wake-up socket (until it closes)."""
    while True:
        try:
            data = receiver.recv(64)
        except OSError:
            return
        if not data:
            return
        for number in data:
            if number in SIGNALS:
                request(number)


@contextlib.contextmanager
def stops_cleanly(name: str) -> Iterator[None]:
    """Run the block with SIGTERM and SIGINT stopping it cleanly; when one did, print one line naming it and
    exit with 128 + its number (SystemExit). Handlers and the flag are restored afterwards. Main thread only."""
    previous = signal.getsignal(signal.SIGTERM)
    receiver, sender = socket.socketpair()
    sender.setblocking(False)
    reset()
    previous_fd = signal.set_wakeup_fd(sender.fileno(), warn_on_full_buffer=False)
    watcher = threading.Thread(target=_watch, args=(receiver,), name="shutdown-watch", daemon=True)
    watcher.start()
    signal.signal(signal.SIGTERM, _raise_interrupt)
    interrupted = False
    try:
        yield
    except KeyboardInterrupt:
        interrupted = True
        if not requested(NAME_WAIT_S):
            request(signal.SIGINT)
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.set_wakeup_fd(previous_fd)
        sender.close()
        receiver.shutdown(socket.SHUT_RDWR)
        receiver.close()
    if interrupted or _received:
        received = _received[0]
        reset()
        print(f"{name}: stopped by {received.name}; the run is recorded as failed and what was stored is kept; "
              "run the same command again to finish", file=sys.stderr)
        raise SystemExit(128 + int(received))
