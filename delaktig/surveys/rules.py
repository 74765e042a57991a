"""Permissions on surveys (core.permissions). The object is the survey's process (a dialogue
or a budget round)."""

from django.utils.translation import gettext_lazy as _

from delaktig.accounts.rules import is_official
from delaktig.core.permissions import declare, need
from delaktig.processes.rules import NEEDS_ROUND_OFFICIAL

# --- Free text, quotes and exports (surveys.free_text, surveys.exports) -------------------
# Officials of the process only: free text may hold what points a person out, and answers
# are read by no one else before they are published under the K rule.
NEEDS_SURVEY_OFFICIAL = need(is_official, _("Only case officers can read the answers."))
declare("surveys.read_free_text", NEEDS_SURVEY_OFFICIAL, NEEDS_ROUND_OFFICIAL)
declare("surveys.export_answers", NEEDS_SURVEY_OFFICIAL, NEEDS_ROUND_OFFICIAL)
# --- end of free text, quotes and exports --------------------------------------------------
