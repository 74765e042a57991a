"""The counting rules in plain words, for officials choosing a rule (the ballot design page)
and comparing them (the results app's count and compare pages), issue 11: "mes+add1" is what
the counting library calls a rule, not what a case officer reads."""

from django.utils.translation import gettext_lazy as _

RULE_NAMES = {
    "greedy": _("Most votes first"),
    "mes": _("Equal shares"),
    "phragmen": _("Phragmén's method"),
}
COMPLETION_NAMES = {
    "none": _("money left over is not shared out"),
    "add1": _("money left over shared out"),
    "add1-utilitarian": _("money left over shared out, then most votes"),
}
RULE_SENTENCES = {
    "greedy": _(
        "Proposals get money in order of their votes; one that no longer fits in what is left "
        "is skipped and the next one is tried."
    ),
    "mes": _(
        "Each voter gets an equal share of the money, and a proposal is paid for by those who "
        "voted for it, so that many groups get something, not only the largest."
    ),
    "phragmen": _(
        "Proposals are chosen one at a time so that their cost is spread as evenly as possible "
        "over the voters who voted for them."
    ),
    "add1": _(
        "If money is left over, every voter's share is raised step by step until as much of "
        "the money as possible is used."
    ),
    "none": _("What the equal shares do not buy is left over; nothing more is chosen."),
    "add1-utilitarian": _(
        "As above, and what is still left goes to the proposals with the most votes that fit."
    ),
}

# One small vote every rule is explained with (issue 11: "what each rule does, with a small
# example"). results/tests/test_rule_names.py counts it with the counting library and checks
# the winners the sentences name, so a change to a rule cannot leave a wrong example here.
EXAMPLE_BUDGET = 100_000
EXAMPLE_PROPOSALS = {
    "A": (_("Playground"), 60_000),
    "B": (_("Outdoor gym"), 30_000),
    "C": (_("Dog park"), 40_000),
}
EXAMPLE_BALLOTS = ((5, ("A", "B")), (1, ("A",)), (4, ("C",)))  # (voters, what each chose)
EXAMPLE_WINNERS = {"greedy": ("A", "B"), "mes": ("A", "C"), "phragmen": ("B", "C")}
EXAMPLE_SETTING = _(
    "The example: 100 000 kr and ten voters. Five vote for the playground (60 000 kr) and the "
    "outdoor gym (30 000 kr), one votes only for the playground, and four vote only for the "
    "dog park (40 000 kr)."
)
RULE_EXAMPLES = {
    "greedy": _(
        "The playground has the most votes (6) and gets money first, then the outdoor gym (5 "
        "votes): 90 000 kr. The dog park (4 votes) does not fit in the 10 000 kr left. "
        "Chosen: the playground and the outdoor gym. The four who wanted the dog park get "
        "nothing."
    ),
    "mes": _(
        "Each of the ten gets 10 000 kr to pay with. The six who voted for the playground pay "
        "for it together (6 × 10 000 kr), so they have nothing left for the outdoor gym. The "
        "four pay for the dog park (4 × 10 000 kr). Chosen: the playground and the dog park: "
        "both groups get something."
    ),
    "phragmen": _(
        "The outdoor gym costs its five voters least each (6 000 kr) and is chosen first, then "
        "the dog park (10 000 kr each for its four voters). The playground would need 60 000 "
        "kr, and only 30 000 kr is left. Chosen: the outdoor gym and the dog park."
    ),
}


def rule_name(rule: str) -> str:
    """'mes+add1' -> 'Equal shares, money left over shared out' (in the reader's language)."""
    base, _sep, completion = rule.partition("+")
    name = str(RULE_NAMES.get(base, base))
    if completion in COMPLETION_NAMES:
        name = f"{name}, {COMPLETION_NAMES[completion]}"
    return name


def box_rule_name(box) -> str:
    """The rule a ballot box is counted with, in plain words: Equal Shares with its completion
    (as results.adapters.counting_setup counts it)."""
    if box.counting_rule == "mes":
        return rule_name(f"mes+{box.completion}")
    return rule_name(box.counting_rule)


def rule_explanations(rule: str) -> list[tuple[str, str]]:
    """(name, sentence) for the parts of a rule: the rule itself and its completion, if any."""
    base, _sep, completion = rule.partition("+")
    parts = [(str(RULE_NAMES.get(base, base)), str(RULE_SENTENCES.get(base, "")))]
    if completion in COMPLETION_NAMES:
        parts.append((_capitalised(COMPLETION_NAMES[completion]), str(RULE_SENTENCES[completion])))
    return parts


def rule_choices() -> list[tuple[str, str]]:
    """(value, plain name) of every counting rule, for a form's choices."""
    return [(rule, RULE_NAMES[rule]) for rule in RULE_NAMES]


def completion_choices() -> list[tuple[str, str]]:
    """(value, plain name) of every completion of Equal Shares, for a form's choices."""
    return [(c, _capitalised(COMPLETION_NAMES[c])) for c in COMPLETION_NAMES]


def _capitalised(text) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


def rule_examples() -> list[dict]:
    """Every rule with its name, what it does and what it gives in the example."""
    return [
        {
            "value": rule,
            "name": str(RULE_NAMES[rule]),
            "sentence": str(RULE_SENTENCES[rule]),
            "example": str(RULE_EXAMPLES[rule]),
        }
        for rule in RULE_NAMES
    ]
