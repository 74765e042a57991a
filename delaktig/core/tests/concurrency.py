"""Running calls truly at once, for the PostgreSQL concurrency tests of every app."""

import threading

import pytest
from django.db import connection, connections

# Real concurrent transactions need PostgreSQL; SQLite serialises writers.
POSTGRES_ONLY = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def run_at_once(calls):
    """Start every call at the same moment, each in its own thread and database connection.

    Returns (results, errors): what the calls returned and what they raised."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def worker(call):
        try:
            barrier.wait()
            results.append(call())
        except Exception as error:  # collected for the test to assert on
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors
