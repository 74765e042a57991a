import factory
from django.utils import timezone

from delaktig.accounts.tests.factories import UserFactory
from delaktig.assessments.models import Assessment, Verdict
from delaktig.proposals.tests.factories import ProposalFactory


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    proposal = factory.SubFactory(ProposalFactory)
    verdict = Verdict.FEASIBLE
    reason = "Förslaget går att genomföra inom budget."
    official_cost = 30_000
    assessed_by = factory.SubFactory(UserFactory, is_official=True)
    published_at = None

    class Params:
        published = factory.Trait(published_at=factory.LazyFunction(timezone.now))
