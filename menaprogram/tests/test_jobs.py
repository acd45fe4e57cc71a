"""Background jobs: retried after a failure, the error kept for administrators, periodic ones."""

import pytest
from django.urls import reverse
from procrastinate.contrib.django import app

from menaprogram import jobs
from menaprogram.models import JobFailure

pytestmark = pytest.mark.django_db

calls = []


@jobs.job()
def flaky(fail_times):
    calls.append(fail_times)
    if len(calls) <= fail_times:
        raise ConnectionError("Поштовий сервер не відповідає")
    return "done"


@pytest.fixture(autouse=True)
def no_calls():
    calls.clear()


def test_a_failed_job_is_retried_a_minute_later_and_then_succeeds(jobs_in_memory):
    flaky.defer(fail_times=1)
    jobs_in_memory.run()
    assert len(calls) == 1
    [job] = jobs_in_memory.jobs.values()
    assert job["status"] == "todo"  # waiting for its retry
    jobs_in_memory.run()
    assert len(calls) == 1  # not yet: the retry waits a minute
    jobs_in_memory.later(60)
    jobs_in_memory.run()
    assert len(calls) == 2
    assert job["status"] == "succeeded"
    [failure] = JobFailure.objects.all()
    assert failure.attempt == 1 and not failure.final
    assert "Поштовий сервер не відповідає" in failure.error


def test_a_job_that_keeps_failing_stops_after_three_runs_and_says_so(jobs_in_memory):
    flaky.defer(fail_times=10)
    for _ in range(5):
        jobs_in_memory.run()
        jobs_in_memory.later(600)
    assert len(calls) == 3
    [job] = jobs_in_memory.jobs.values()
    assert job["status"] == "failed"
    assert list(JobFailure.objects.order_by("attempt").values_list("attempt", "final")) == [
        (1, False),
        (2, False),
        (3, True),
    ]


def test_administrators_see_a_failed_job_with_its_error(jobs_in_memory, client, administrator):
    flaky.defer(fail_times=10)
    jobs_in_memory.run()
    client.force_login(administrator)
    failure = JobFailure.objects.get()
    page = client.get(reverse("admin:menaprogram_jobfailure_change", args=[failure.pk]))
    assert page.status_code == 200
    assert "Поштовий сервер не відповідає" in page.content.decode()
    assert client.get(reverse("admin:procrastinate_procrastinatejob_changelist")).status_code == 200


def test_editors_and_the_secretary_do_not_see_the_jobs(client, editor, controller):
    for user in (editor, controller):
        client.force_login(user)
        assert client.get(reverse("admin:menaprogram_jobfailure_changelist")).status_code == 403
        url = reverse("admin:procrastinate_procrastinatejob_changelist")
        assert client.get(url).status_code == 403


def test_reminders_daily_digest_weekly_documents_every_ten_minutes_public_side_every_five():
    periodic = {task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()}
    assert periodic == {
        "reminders.tasks.daily_reminders": "0 4 * * *",
        "reminders.tasks.weekly_digest": "0 5 * * 1",
        "reports.tasks.render_documents_ahead": "*/10 * * * *",
        "public.tasks.render_public_ahead": "*/5 * * * *",
    }
