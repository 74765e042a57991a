import rules

from delaktig.accounts.rules import is_official

rules.add_perm("approvals.view_approvals", is_official)
