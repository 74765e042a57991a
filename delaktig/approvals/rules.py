import rules

from delaktig.processes.rules import is_round_official

rules.add_perm("approvals.view_approvals", is_round_official)
