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
    "add1-utilitarian": _(
        "As above, and what is still left goes to the proposals with the most votes that fit."
    ),
}


def rule_name(rule: str) -> str:
    """'mes+add1' -> 'Equal shares, money left over shared out' (in the reader's language)."""
    base, _sep, completion = rule.partition("+")
    name = str(RULE_NAMES.get(base, base))
    if completion in COMPLETION_NAMES:
        name = f"{name}, {COMPLETION_NAMES[completion]}"
    return name


def rule_explanations(rule: str) -> list[tuple[str, str]]:
    """(name, sentence) for the parts of a rule: the rule itself and its completion, if any."""
    base, _sep, completion = rule.partition("+")
    parts = [(str(RULE_NAMES.get(base, base)), str(RULE_SENTENCES.get(base, "")))]
    if completion in COMPLETION_NAMES:
        parts.append(
            (str(COMPLETION_NAMES[completion]).capitalize(), str(RULE_SENTENCES[completion]))
        )
    return parts


def all_rule_explanations() -> list[tuple[str, str]]:
    """(name, sentence) of every rule and completion, for choosing one."""
    return [(str(RULE_NAMES[r]), str(RULE_SENTENCES[r])) for r in RULE_NAMES] + [
        (str(COMPLETION_NAMES[c]).capitalize(), str(RULE_SENTENCES[c])) for c in COMPLETION_NAMES
    ]
