"""Two case officers pressing "make the report" at the same moment make one report.

Needs real concurrent transactions, so PostgreSQL only:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/delaktig_council pytest -m postgres \
        delaktig/council
"""

from delaktig.accounts.tests.factories import UserFactory
from delaktig.core.errors import Conflict
from delaktig.core.tests.concurrency import POSTGRES_ONLY, run_at_once
from delaktig.council import services
from delaktig.council.models import CouncilReport

from .factories import published_round

pytestmark = POSTGRES_ONLY


def test_many_requests_at_once_make_one_report(make_round, official):
    budget_round, _proposals = published_round(make_round, official)
    others = UserFactory.create_batch(4, is_official=True)
    results, errors = run_at_once(
        [
            lambda who=who: services.request_report(by=who, budget_round=budget_round)
            for who in [official, *others]
        ]
    )
    assert len(results) == 1, (results, errors)
    assert len(errors) == 4 and all(isinstance(e, Conflict) for e in errors), errors
    assert CouncilReport.objects.filter(budget_round=budget_round).count() == 1
