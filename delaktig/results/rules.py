import rules

from delaktig.accounts.rules import is_official
from delaktig.processes.phases import Capability
from delaktig.processes.rules import is_round_official, phase_allows, round_is_published


@rules.predicate
def result_is_published(user, budget_round):
    return budget_round is not None and budget_round.result_published_at is not None


rules.add_perm("results.view_result", round_is_published & result_is_published)
rules.add_perm("results.count", is_round_official & phase_allows(Capability.COUNT))
rules.add_perm("results.publish", is_round_official & phase_allows(Capability.COUNT))
rules.add_perm("results.manage", is_official)
