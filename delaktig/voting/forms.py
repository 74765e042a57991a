"""Reading a posted ballot, and the officials' ballot design form."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import BallotBox, BallotKind
from .validation import BALLOT, Chosen, Problem, proposal_field

CHOICE = "choice"  # approval and budget ballots: one checkbox per proposal, value = proposal id
POINTS_PREFIX = "points-"  # points ballots: points-<proposal id> = number
RANK_PREFIX = "rank-"  # ranking ballots: rank-<proposal id> = place, or empty


def parse_ballot(box: BallotBox, post) -> tuple[Chosen, list[Problem]]:
    """Turn a posted ballot into {proposal id: value}, read once: the service checks it as it
    is. Unknown ids are kept for the service to refuse; what cannot be read at all becomes a
    Problem here."""
    if box.kind in (BallotKind.APPROVAL, BallotKind.KNAPSACK):
        return _parse_ids(post.getlist(CHOICE))
    prefix = POINTS_PREFIX if box.kind == BallotKind.POINTS else RANK_PREFIX
    return _parse_numbers(post, prefix)


def _parse_ids(values) -> tuple[Chosen, list[Problem]]:
    choices, problems = Chosen(), []
    for value in values:
        if not str(value).isdigit():
            problems.append(_unreadable())
            continue
        choices[int(value)] = 1
    return choices, problems[:1]


def _parse_numbers(post, prefix) -> tuple[Chosen, list[Problem]]:
    choices, problems = Chosen(), []
    for key in post:
        if not key.startswith(prefix):
            continue
        raw_id, raw = key[len(prefix) :], post.get(key, "").strip()
        if not raw_id.isdigit():
            problems.append(_unreadable())
            continue
        if raw == "":
            continue
        if not raw.isdigit():
            problems.append(Problem(proposal_field(raw_id), _("Write a whole number, 0 or more.")))
            continue
        if int(raw) > 0:
            choices[int(raw_id)] = int(raw)
    return choices, problems


def _unreadable() -> Problem:
    return Problem(
        BALLOT,
        _("Your ballot named a proposal that is not on this ballot. Choose again below."),
    )


class BallotBoxForm(forms.ModelForm):
    """The design of one ballot box. The service checks the combination of limits."""

    proposals = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Proposals on the ballot"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Only proposals assessed as feasible can go on the ballot."),
    )

    class Meta:
        model = BallotBox
        fields = [
            "kind",
            "min_choices",
            "max_choices",
            "spending_cap",
            "max_cost_per_proposal",
            "total_points",
            "max_points_per_proposal",
            "rank_count",
            "counting_rule",
            "completion",
        ]
        help_texts = {
            "max_choices": gettext_lazy("Empty: no upper limit."),
            "max_cost_per_proposal": gettext_lazy("Budget ballots only. Empty: no own limit."),
            "total_points": gettext_lazy("Points ballots only."),
            "max_points_per_proposal": gettext_lazy("Points ballots only."),
        }

    def __init__(self, *args, feasible=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = feasible
        self.fields["proposals"].label_from_instance = lambda p: p.title
        if self.instance.pk and not self.is_bound:
            self.initial["proposals"] = list(self.instance.proposals.values_list("pk", flat=True))

    def _post_clean(self):
        # Leave the instance untouched: configure_ballot_box applies and checks the design.
        pass
