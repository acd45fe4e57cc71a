import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from menaprogram import yielding


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="Linux's scheduling policies")
def test_a_heavy_job_yields_the_cpu_to_the_pages_and_gives_it_back():
    def policies():
        seen = [os.sched_getscheduler(0)]
        with yielding.yielding_cpu():
            seen.append(os.sched_getscheduler(0))
        seen.append(os.sched_getscheduler(0))
        return seen

    # In a thread of its own, as the worker runs a job: the policy is the thread's.
    with ThreadPoolExecutor(1) as pool:
        before, during, after = pool.submit(policies).result()
    assert (during, after) == (os.SCHED_IDLE, before)
    assert os.sched_getscheduler(0) == before


class Machine:
    """The clocks give_way reads: this thread's CPU time and the time others waited."""

    def __init__(self, monkeypatch):
        self.cpu = 0.0
        self.waited = 0.0
        self.rests = []
        monkeypatch.setattr(yielding.time, "thread_time", lambda: self.cpu)
        monkeypatch.setattr(yielding.time, "sleep", self.rests.append)
        monkeypatch.setattr(yielding, "_stalled", lambda: self.waited)

    def work(self, seconds, *, others_waited=0.0):
        self.cpu += seconds
        self.waited += others_waited
        yielding.give_way()


def test_the_job_rests_while_others_wait_for_a_core_and_runs_on_when_they_do_not(monkeypatch):
    machine = Machine(monkeypatch)
    with yielding.yielding_cpu():
        machine.work(0.01, others_waited=0.05)  # less than a step: not looked at yet
        assert machine.rests == []
        machine.work(0.015)  # a step in all, while the pages waited
        assert machine.rests == [yielding.PAUSE]
        machine.work(0.03)  # a step with nobody waiting
        machine.work(0.03, others_waited=yielding.WAITED / 2)  # a moment's wait
        assert machine.rests == [yielding.PAUSE]
        machine.work(0.03, others_waited=0.01)
        assert machine.rests == [yielding.PAUSE, yielding.PAUSE]


def test_outside_a_yielding_block_nothing_rests(monkeypatch):
    machine = Machine(monkeypatch)
    machine.work(1.0, others_waited=1.0)
    with yielding.yielding_cpu():
        pass
    machine.work(1.0, others_waited=1.0)
    assert machine.rests == []


def test_without_pressure_information_the_job_only_yields(monkeypatch, tmp_path):
    machine = Machine(monkeypatch)
    monkeypatch.setattr(yielding, "_stalled", lambda: None)
    with yielding.yielding_cpu():
        machine.work(1.0, others_waited=1.0)
        machine.work(1.0, others_waited=1.0)
    assert machine.rests == []


def test_pressure_information_gone_midway_leaves_the_job_running_unpaced(monkeypatch):
    machine = Machine(monkeypatch)
    with yielding.yielding_cpu():
        machine.work(0.03, others_waited=0.01)
        monkeypatch.setattr(yielding, "_stalled", lambda: None)  # unreadable from now on
        machine.work(0.03)
        machine.work(0.03)
    assert machine.rests == [yielding.PAUSE]


def test_a_missing_or_unreadable_pressure_file_says_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr(yielding, "PRESSURE", str(tmp_path / "missing"))
    assert yielding._stalled() is None
    (tmp_path / "turned-off").write_text("")
    monkeypatch.setattr(yielding, "PRESSURE", str(tmp_path / "turned-off"))
    assert yielding._stalled() is None


def test_the_pressure_is_read_as_seconds_anyone_waited(monkeypatch, tmp_path):
    pressure = tmp_path / "cpu"
    pressure.write_text(
        "some avg10=1.50 avg60=0.80 avg300=0.20 total=2500000\n"
        "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
    )
    monkeypatch.setattr(yielding, "PRESSURE", str(pressure))
    assert yielding._stalled() == 2.5


def test_an_import_gives_way_between_its_rows(monkeypatch, program):
    from menaprogram.importer import engine, registry

    calls = []
    monkeypatch.setattr("menaprogram.importer.resources.give_way", lambda: calls.append(1))
    raw = (
        "Назва українською;Вид;Країна\n"
        "Гміна Тарнув;громада-партнер;Польща\n"
        "Місто Біржай;громада-партнер;Литва\n"
    )
    engine.preview(kind=registry.get("partners"), program=program, raw=raw.encode())
    assert len(calls) == 2


def test_a_yielding_block_within_another_leaves_the_outer_one_pacing(monkeypatch):
    machine = Machine(monkeypatch)
    with yielding.yielding_cpu():
        with yielding.yielding_cpu():
            machine.work(0.03, others_waited=0.01)
        machine.work(0.03, others_waited=0.01)
    machine.work(0.03, others_waited=0.01)
    assert machine.rests == [yielding.PAUSE, yielding.PAUSE]
