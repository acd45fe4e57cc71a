"""Who used the machine's cores during a measured run: the app, nginx, PostgreSQL, Redis, the
load generators (locust, on the same machine), the rest, and what the hypervisor took (steal).

On a small machine the load generators are part of the load: a ratio between two runs says
little until one knows how much of the difference the clients made themselves.
"""

import contextlib
import os
import resource
import time

import psutil

# The long-lived processes, by what their command line says.
GROUPS = {
    "gunicorn (the app)": lambda name, command: "gunicorn" in command,
    "job worker": lambda name, command: "procrastinate worker" in command,
    "nginx": lambda name, command: name == "nginx",
    "PostgreSQL": lambda name, command: name in ("postgres", "postmaster"),
    "Redis": lambda name, command: name.startswith("redis"),
}
LOCUST = "locust (the clients)"


def _processes():
    """{pid: (group, CPU seconds so far)} of the processes of the groups above."""
    found = {}
    for process in psutil.process_iter(["name", "cmdline", "cpu_times"]):
        info = process.info
        if info["cpu_times"] is None:
            continue
        command = " ".join(info["cmdline"] or ())
        for group, belongs in GROUPS.items():
            if belongs(info["name"] or "", command):
                found[process.pid] = (group, info["cpu_times"].user + info["cpu_times"].system)
                break
    return found


def _children_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@contextlib.contextmanager
def metered(label, readings):
    """Measure the block: appends (label, {part: CPU seconds}, capacity in CPU seconds).

    The locust processes are this script's children and end within the block: their CPU is
    what the block's waited-for children used (so, in the block, wait for them).
    """
    before, children, machine = _processes(), _children_seconds(), psutil.cpu_times()
    started = time.monotonic()
    yield
    seconds = time.monotonic() - started
    after, now = _processes(), psutil.cpu_times()
    parts = dict.fromkeys(GROUPS, 0.0)
    for pid, (group, spent) in after.items():
        parts[group] += spent - (before[pid][1] if pid in before else 0.0)
    parts[LOCUST] = _children_seconds() - children
    busy = sum(
        getattr(now, field, 0.0) - getattr(machine, field, 0.0)
        for field in ("user", "nice", "system", "irq", "softirq")  # guest time is in user's
    )
    steal = getattr(now, "steal", 0.0) - getattr(machine, "steal", 0.0)
    parts["everything else"] = max(busy - sum(parts.values()), 0.0)
    parts["steal (the hypervisor)"] = steal
    readings.append((label, parts, seconds * (os.cpu_count() or 1)))


def report(readings):
    print()
    print("CPU seconds used during each measured run (and share of the machine's cores)")
    print(f"{'':<26}" + "".join(f"{label:>22}" for label, _parts, _capacity in readings))
    for part in readings[0][1]:
        print(
            f"{part:<26}"
            + "".join(
                f"{parts[part]:>13.1f} s {parts[part] / capacity:>5.0%}"
                for _label, parts, capacity in readings
            )
        )
    print(
        f"{'busy in all':<26}"
        + "".join(
            f"{sum(parts.values()):>13.1f} s {sum(parts.values()) / capacity:>5.0%}"
            for _label, parts, capacity in readings
        )
    )
