"""Long background work that gives the machine to the people at work.

A large import's check or the public side's rendering ahead is seconds of pure Python in
the job worker, on the same two cores as the pages. `yielding_cpu()` runs such a block on
CPU time nobody else wants, and `give_way()`, called between its small steps (a row, a
page), pauses it while others wait for a core.
"""

import contextlib
import os
import threading
import time

# How the block takes turns with the pages while they are busy: after each STEP of its own
# CPU time it looks whether anyone waited for a core meanwhile and, if so, rests PAUSE.
# Under a load that never lets up the block still runs a quarter of the time: it ends,
# taking at most four times its CPU time (a 50,000-row check: about half a minute).
STEP = 0.02
PAUSE = 0.06
# Waiting below this (a thread woken on a busy core for a moment) is no reason to rest.
WAITED = 0.002

PRESSURE = "/proc/pressure/cpu"

_local = threading.local()


@contextlib.contextmanager
def yielding_cpu():
    """Run the block only on CPU time nobody else wants (Linux's SCHED_IDLE, for this thread).

    At `Nice=10` a large import's check still took its share of the two cores from the
    pages (their p95 1.44× as long). Under SCHED_IDLE a page's request takes the core back
    at once, yet the pages still ran 1.2–1.45× as long (p95, checks back to back): a core
    the check keeps busy between a page's database queries costs the page on its return
    (its caches hold the check's data; measured apart, a check on the other core costs it
    5 %). So the block also gives way (`give_way`) while the pages are busy.

    Elsewhere than Linux this does nothing. Afterwards the thread's policy is put back where
    the system lets an unprivileged worker climb back; where it does not (a niced worker
    with no RLIMIT_NICE), the thread's later jobs yield too, which is no harm for jobs.
    """
    outer = getattr(_local, "pacer", None)  # a block within a block paces as one
    _local.pacer = outer or _Pacer()
    try:
        policy, priority = os.sched_getscheduler(0), os.sched_getparam(0)
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        policy = None
    try:
        yield
    finally:
        _local.pacer = outer
        if policy is not None:
            with contextlib.suppress(OSError):
                os.sched_setscheduler(0, policy, priority)


def give_way():
    """Between two small steps of a `yielding_cpu()` block: rest while others wait for a core.

    Cheap enough to call for every row of a file; outside such a block it does nothing.
    """
    pacer = getattr(_local, "pacer", None)
    if pacer is not None:
        pacer.give_way()


class _Pacer:
    def __init__(self):
        self.mark()

    def mark(self):
        self.started = time.thread_time()
        self.seen = _stalled()  # None where Linux does not say: the block only yields

    def give_way(self):
        if self.seen is None or time.thread_time() - self.started < STEP:
            return
        now = _stalled()
        if now is not None and now - self.seen > WAITED:
            time.sleep(PAUSE)
        self.mark()


def _stalled():
    """The seconds any task has waited for a core so far, or None where that is unknown.

    Linux's pressure stall information (4.20 and later): the `some` line of
    /proc/pressure/cpu counts, in microseconds, the time at least one task was ready to
    run and had no core. It is missing or unreadable where turned off (`psi=0`).
    """
    try:
        with open(PRESSURE) as pressure:
            # "some avg10=0.00 avg60=0.00 avg300=0.00 total=12345"
            return int(pressure.readline().rsplit("total=", 1)[1]) / 1_000_000
    except (OSError, ValueError, IndexError):
        return None
