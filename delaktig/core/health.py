"""Health checks for load balancers and monitoring (django-health-check's checks).

- `/halsa/`: what an app server needs to answer requests: the database and the shared cache
  (rate limits live there). A load balancer takes a server out of rotation on 503.
- `/halsa/allt/`: also the file storage (uploaded images) and the task queue: a task that
  has waited longer than `TASK_QUEUE_MAX_WAIT_MINUTES` means no `db_worker` is running (no
  e-mail goes out). For monitoring, not for the load balancer: app servers answer voters fine
  while the worker is down.

The answer is plain text, one line per check, "ok" or "fel", and never the error itself (it
can hold internal host names); the error goes to the log. Load balancers probing by IP
address need that address in ALLOWED_HOSTS.
"""

import asyncio
import dataclasses
import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

LOGGER = logging.getLogger(__name__)


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """Fails when a ready task has waited longer than TASK_QUEUE_MAX_WAIT_MINUTES."""

    def run(self):
        from django_tasks_db.models import DBTaskResult, get_date_max

        cutoff = timezone.now() - timedelta(minutes=settings.TASK_QUEUE_MAX_WAIT_MINUTES)
        waiting = DBTaskResult.objects.ready().filter(
            Q(run_after=get_date_max(), enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff)
        )
        if waiting.exists():
            raise ServiceUnavailable(
                f"tasks have waited over {settings.TASK_QUEUE_MAX_WAIT_MINUTES} minutes: "
                "is manage.py db_worker running?"
            )


class Health(HealthCheckView):
    checks = ("health_check.checks.Database", "health_check.checks.Cache")

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        lines = []
        for result in results:
            name = type(result.check).__name__
            if result.error:
                LOGGER.error("health check %s failed: %s", name, result.error)
            lines.append(f"{name}: {'fel' if result.error else 'ok'}")
        failed = any(result.error for result in results)
        return HttpResponse(
            "\n".join(lines) + "\n",
            content_type="text/plain; charset=utf-8",
            status=503 if failed else 200,
        )


class FullHealth(Health):
    checks = (*Health.checks, "health_check.checks.Storage", "delaktig.core.health.TaskQueue")
