"""Reading a posted ballot, and the officials' ballot design form."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import rule_texts
from .models import BallotBox, BallotKind, CountingRule
from .validation import BALLOT, UNUSED_BY_KIND, Chosen, Problem, proposal_field

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


# The limits of a ballot, in the order the design page asks for them.
LIMITS = (
    "min_choices",
    "max_choices",
    "spending_cap",
    "max_cost_per_proposal",
    "total_points",
    "max_points_per_proposal",
    "rank_count",
)


def kinds_using(name: str) -> list[str]:
    """The ballot kinds a limit applies to."""
    return [kind for kind in BallotKind.values if name not in UNUSED_BY_KIND.get(kind, ())]


class BallotBoxForm(forms.ModelForm):
    """The design of one ballot box. The service checks the combination of limits.

    Only the limits of one kind (`kind`: the posted kind, else the stored one) take part: the
    others are disabled, so the page hides them and whatever is posted for them is ignored
    (issue 11). The completion takes part only with Equal Shares. `static/js/ballot_design.js`
    shows and enables the right ones when the official picks another kind or rule."""

    proposals = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Proposals on the ballot"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Only proposals assessed as feasible can go on the ballot."),
    )

    class Meta:
        model = BallotBox
        fields = ["kind", *LIMITS, "counting_rule", "completion"]
        widgets = {
            "kind": forms.RadioSelect,
            "counting_rule": forms.RadioSelect,
            "completion": forms.RadioSelect,
        }
        help_texts = {
            "max_choices": gettext_lazy("Empty: no upper limit."),
            "max_cost_per_proposal": gettext_lazy(
                "Empty: no own limit. A proposal that costs more cannot go on the ballot."
            ),
        }

    def __init__(self, *args, feasible=None, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = feasible
        self.fields["proposals"].label_from_instance = lambda p: p.title
        if self.instance.pk and "proposals" not in self.initial:
            self.initial["proposals"] = list(self.instance.proposals.values_list("pk", flat=True))
        self.fields["kind"].choices = BallotKind.choices
        self.fields["counting_rule"].choices = rule_texts.rule_choices()
        self.fields["completion"].choices = rule_texts.completion_choices()
        self.fields["completion"].required = False  # not shown unless the rule is Equal Shares
        if kind not in BallotKind.values:
            kind = self.data.get("kind") if self.is_bound else None
        self.shown_kind = kind if kind in BallotKind.values else self.instance.kind
        for name in UNUSED_BY_KIND.get(self.shown_kind, ()):
            self.fields[name].disabled = True
        rule = (self.data.get("counting_rule") if self.is_bound else None) or (
            self.initial.get("counting_rule") or self.instance.counting_rule
        )
        if rule != CountingRule.MES:
            self.fields["completion"].disabled = True

    def limit_fields(self) -> list[tuple]:
        """(bound field, the kinds it applies to) for the limits, for the page."""
        return [(self[name], " ".join(kinds_using(name))) for name in LIMITS]

    def rule_options(self) -> list[dict]:
        """Each counting rule's radio button with what it does and its worked example."""
        texts = {option["value"]: option for option in rule_texts.rule_examples()}
        return self._options("counting_rule", texts)

    def completion_options(self) -> list[dict]:
        """Each completion of Equal Shares with what it does."""
        texts = {
            value: {"value": value, "name": name, "sentence": str(rule_texts.RULE_SENTENCES[value])}
            for value, name in rule_texts.completion_choices()
        }
        return self._options("completion", texts)

    def _options(self, name, texts) -> list[dict]:
        disabled = self.fields[name].disabled
        return [
            {**texts[str(radio.data["value"])], "radio": radio, "disabled": disabled}
            for radio in self[name]
        ]

    def clean_completion(self):
        return self.cleaned_data.get("completion") or self.instance.completion

    def _post_clean(self):
        # Leave the instance untouched: configure_ballot_box applies and checks the design.
        pass
