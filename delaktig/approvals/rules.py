from delaktig.core.permissions import declare
from delaktig.processes.rules import NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL

declare("approvals.view_approvals", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL)
