"""Background work: the daily digest (digest.send_digests). The `send_digests` command runs the
same once a day from a timer; this task lets an official's page or a scheduler queue it."""

from django_tasks import task

from . import digest


@task()
def send_daily_digests() -> dict:
    return digest.send_digests()
