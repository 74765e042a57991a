"""/halsa/ for load balancers, /halsa/allt/ for monitoring."""

from datetime import timedelta

import pytest
from django.utils import timezone
from health_check.checks import Database
from health_check.exceptions import ServiceUnavailable

pytestmark = pytest.mark.django_db


def test_a_healthy_server_answers_ok(client):
    response = client.get("/halsa/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "Database: ok\nCache: ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_a_failing_database_takes_the_server_out_without_telling_why(client, monkeypatch, caplog):
    def down(_self):
        raise ServiceUnavailable('connection to server at "10.0.0.5", port 5432 failed')

    monkeypatch.setattr(Database, "run", down)
    response = client.get("/halsa/")
    assert response.status_code == 503
    assert "Database: fel" in response.content.decode()
    assert "10.0.0.5" not in response.content.decode()
    assert "10.0.0.5" in caplog.text  # the operator finds it in the log


@pytest.mark.django_db(transaction=True)  # the checks run in other threads: committed rows
def test_monitoring_sees_a_task_queue_nobody_works_on(client, settings):
    from django_tasks_db.models import DBTaskResult

    ok = client.get("/halsa/allt/")
    assert ok.status_code == 200
    assert ok.content.decode().splitlines() == [
        "Database: ok",
        "Cache: ok",
        "Storage: ok",
        "TaskQueue: ok",
    ]
    task = DBTaskResult.objects.create(
        task_path="delaktig.eligibility.tasks.send_invitation_email",
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        priority=0,
        run_after=timezone.now() - timedelta(minutes=1),
    )
    assert client.get("/halsa/allt/").status_code == 200  # waiting 1 minute is fine
    DBTaskResult.objects.filter(pk=task.pk).update(
        run_after=timezone.now() - timedelta(minutes=settings.TASK_QUEUE_MAX_WAIT_MINUTES + 1)
    )
    stuck = client.get("/halsa/allt/")
    assert stuck.status_code == 503 and "TaskQueue: fel" in stuck.content.decode()
    assert client.get("/halsa/").status_code == 200  # voters are still served
