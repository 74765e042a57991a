"""Turns the counting library's steps (codes and numbers) into sentences, in Swedish or English.

Works on the stored outcome dict (`Outcome.to_dict()`), so a published result is explained
without counting again.
"""

from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delaktig.core.money import format_kronor


def _kr(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = Fraction(value)
    return format_kronor(round(value))


def support_phrase(support, unit: str) -> str:
    support = int(support or 0)
    if unit == "votes":
        return ngettext("%(n)s vote", "%(n)s votes", support) % {"n": support}
    return ngettext("%(n)s point", "%(n)s points", support) % {"n": support}


def explain(step: dict, unit: str = "votes") -> str:
    decision = step.get("decision")
    values = {
        "support": support_phrase(step.get("support"), unit),
        "cost": _kr(step.get("cost")),
        "left": _kr(step.get("money_left")),
        "voters": step.get("voters") or 0,
        "share": _kr(step.get("price_per_voter")),
        "money": _kr(step.get("supporters_money")),
        "round": step.get("number"),
    }
    phase = step.get("phase")
    if decision in ("selected", "selected_free"):
        if phase == "mes":
            return (
                _(
                    "Funded in step %(round)s: its %(voters)s voters could share the cost of "
                    "%(cost)s, about %(share)s each."
                )
                % values
            )
        if phase == "phragmen":
            return _("Funded in step %(round)s: it got %(support)s and costs %(cost)s.") % values
        return (
            _("Funded: it got %(support)s and fitted in the budget, which had %(left)s left.")
            % values
        )
    if decision == "does_not_fit":
        return (
            _(
                "The proposal got %(support)s but did not fit: %(left)s was left and it "
                "costs %(cost)s."
            )
            % values
        )
    if decision == "supporters_short":
        return (
            _(
                "Not funded: its %(voters)s voters had only %(money)s left of their shares, "
                "and it costs %(cost)s."
            )
            % values
        )
    if decision == "no_support":
        return _("Not funded: nobody voted for it.")
    if decision == "over_budget":
        return _("Not funded: it costs %(cost)s, more than the whole budget.") % values
    if decision == "not_reached":
        return _("Not funded: the money ran out before its turn.")
    return ""


def explain_outcome(outcome: dict) -> dict[str, str]:
    """Project id → the sentence about its final decision."""
    unit = outcome.get("support_unit", "votes")
    final: dict[str, dict] = {}
    for step in outcome.get("rounds", []):
        final[str(step["project"])] = step
    return {pid: explain(step, unit) for pid, step in final.items()}


def tie_method_phrase(method: str) -> str:
    if method == "cost":
        return _("the lower cost went first (then the proposal's number)")
    if method == "random":
        return _("a draw, from a number fixed before the count")
    return _("the proposal's number went first")


def explain_ties(outcome: dict, titles: dict) -> list[str]:
    """A sentence for each tie that decided which proposals were funded (issue 11): which
    proposals tied, how the tie was broken, and what the other order would have changed.
    Ties that only changed the order of funded proposals are not listed."""

    def title(pid) -> str:
        found = titles.get(int(pid)) if str(pid).isdigit() else None
        return f"“{found[0]}”" if found else str(pid)

    sentences = []
    for tie in outcome.get("tie_breaks", ()):
        if not tie.get("decisive"):
            continue
        others = [title(c) for c in tie["candidates"] if c != tie["chosen"]]
        sentences.append(
            _(
                "In step %(step)s, %(chosen)s and %(others)s were equal. The tie was broken "
                "this way: %(method)s, so %(chosen)s went first. In the other order %(first)s "
                "could have been funded instead."
            )
            % {
                "step": tie["number"],
                "chosen": title(tie["chosen"]),
                "others": ", ".join(others),
                "method": tie_method_phrase(tie.get("method", "lexico")),
                "first": others[0] if others else "",
            }
        )
    return sentences
