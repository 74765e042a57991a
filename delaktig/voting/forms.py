"""Reading a posted ballot, and the officials' ballot design form."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import BallotBox, BallotKind
from .validation import BALLOT, Problem, proposal_field

CHOICE = "choice"  # approval and budget ballots: one checkbox per proposal, value = proposal id
POINTS_PREFIX = "points-"  # points ballots: points-<proposal id> = number
RANK_PREFIX = "rank-"  # ranking ballots: rank-<proposal id> = place, or empty


def parse_ballot(box: BallotBox, post) -> tuple[dict[int, int], list[Problem]]:
    """Turn a posted ballot into {proposal id: value}. Unknown ids are kept for the service to
    refuse; what cannot be read at all becomes a Problem here."""
    if box.kind in (BallotKind.APPROVAL, BallotKind.KNAPSACK):
        return _parse_ids(post.getlist(CHOICE))
    prefix = POINTS_PREFIX if box.kind == BallotKind.POINTS else RANK_PREFIX
    return _parse_numbers(post, prefix)


def _parse_ids(values) -> tuple[dict[int, int], list[Problem]]:
    choices, problems = {}, []
    for value in values:
        if not str(value).isdigit():
            problems.append(_unreadable())
            continue
        choices[int(value)] = 1
    return choices, problems[:1]


def _parse_numbers(post, prefix) -> tuple[dict[int, int], list[Problem]]:
    choices, problems = {}, []
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


class PaperFirstEntryForm(forms.Form):
    """Who voted and where; the ballot itself is read by `parse_ballot`."""

    identifier = forms.CharField(
        label=gettext_lazy("The voter's e-mail address or identifier"),
        max_length=254,
        help_text=gettext_lazy("As on the voter's ID or the voting roll."),
    )
    station = forms.CharField(
        label=gettext_lazy("Voting station"),
        max_length=100,
        help_text=gettext_lazy("A registered voting station, for example “Library, Storgatan 1”."),
    )


class PaperStationForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Voting station"), max_length=100)
    ballots = forms.IntegerField(
        label=gettext_lazy("Paper ballots in its ballot box"),
        min_value=0,
        max_value=1_000_000,
        help_text=gettext_lazy(
            "Count the paper ballots when the station closes. After voting has closed, no "
            "more ballots than this can be entered for the station, and the number cannot change."
        ),
    )


class PaperRejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the paper ballot rejected?"),
        max_length=300,
        help_text=gettext_lazy(
            "For example: wrong person entered, or the ballot cannot be read. "
            "The person can vote again. Do not write the person's name or personal identity "
            "number: the reason is kept in the log for good."
        ),
    )
