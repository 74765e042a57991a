"""Checking a receipt code against the published result, without revealing any vote.

A published tally run holds the sorted keyed hashes (HMAC-SHA256, RECEIPT_KEY) of the receipt
codes of the ballots it counted, and nothing else about them. A voter types their code; we hash
it the way voting does and look for the hash. The answer is yes or no: never a ballot, a box's
choices or a time.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from delaktig.core.codes import RECEIPT_CODE
from delaktig.voting import queries as voting_queries

from .models import TallyRun


def published_receipt_hashes(budget_round) -> list[str]:
    """Every receipt hash of the round's published runs, sorted, each once."""
    hashes: set[str] = set()
    runs = TallyRun.objects.published().filter(box__budget_round=budget_round)
    for run_hashes in runs.values_list("receipt_hashes", flat=True):
        hashes.update(run_hashes or ())
    return sorted(hashes)


def was_counted(budget_round, code: str) -> bool:
    """True if a ballot with this receipt code was received in the round's published result:
    counted, or replaced later by the same voter. The two answers are the same on purpose: a
    vote buyer holding a receipt must not learn whether the voter changed their vote (issue 9);
    the voter's last receipt is the counted one."""
    wanted = RECEIPT_CODE.keyed_hash(code)
    if wanted is None:
        return False
    runs = TallyRun.objects.published().filter(box__budget_round=budget_round)
    if any(wanted in (hashes or ()) for hashes in runs.values_list("receipt_hashes", flat=True)):
        return True
    box_ids = list(runs.values_list("box_id", flat=True))
    return wanted in voting_queries.superseded_receipt_hashes(box_ids)


def was_received(budget_round, code: str) -> bool:
    """Before the result is published (voting open, or closed and being counted): True if a
    ballot with this receipt code has been received, or was replaced later by the same voter,
    the same answer for both for the same reason as `was_counted`."""
    wanted = RECEIPT_CODE.keyed_hash(code)
    return wanted is not None and voting_queries.receipt_received(budget_round, wanted)


class ReceiptCheckForm(forms.Form):
    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=40,
        help_text=_("16 letters and digits, for example ABCD-EFGH-JKLM-NPQR."),
    )

    def clean_code(self):
        code = RECEIPT_CODE.normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _(
                    "That is not a receipt code. A code has 16 letters and digits, "
                    "for example ABCD-EFGH-JKLM-NPQR."
                )
            )
        return code
