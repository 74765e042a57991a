"""The counting settings a ``.pb`` file states, so that anyone can recount it the same way.

A result's file names the rule and every option that changes its outcome in META, next to
Pabulib's own keys::

    rule;mes+add1
    completion;add1
    satisfaction;cost
    tie_break;lexico
    counted_with;delaktig.counting 1.0.0

:func:`stated_settings` writes them; :func:`settings_from_meta` reads them back into the
arguments of :func:`delaktig.counting.count` (``python -m delaktig.counting FILE
--settings-from-file`` does the same). A setting at its default is passed on as the default, so
a recount from the file gives the outcome of the count that wrote it.
"""

from __future__ import annotations

from collections.abc import Mapping

from .options import COMPLETIONS, GREEDY_SCORES, RULES, SATISFACTIONS, TIE_BREAKS, Options
from .satisfaction import default_mes_sat, default_support
from .version import __version__

__all__ = ["rule_name", "settings_from_meta", "stated_settings"]


def rule_name(rule: str, options: Options) -> str:
    """``mes`` with a completion is ``mes+add1``; other rules keep their name."""
    if rule == "mes" and options.completion != "none":
        return f"mes+{options.completion}"
    return rule


def _default_sat(rule: str, greedy_score: str, vote_type: str) -> str | None:
    if rule == "mes":
        return default_mes_sat(vote_type)
    if rule == "greedy":
        return (
            default_support(vote_type) if greedy_score == "support" else default_mes_sat(vote_type)
        )
    return None  # Phragmén counts approvals of the listed projects


def stated_settings(rule: str, options: Options, vote_type: str) -> dict[str, str]:
    """The META lines that name how a profile of ``vote_type`` was counted."""
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; expected one of {sorted(RULES)}")
    meta = {"rule": rule_name(rule, options)}
    if rule == "mes":
        meta["completion"] = options.completion
    sat = options.sat or _default_sat(rule, options.greedy_score, vote_type)
    if sat is not None:
        meta["satisfaction"] = sat
    if rule == "greedy" or options.completion == "add1-utilitarian":
        meta["greedy_score"] = options.greedy_score
    meta["tie_break"] = options.tie_break
    if options.tie_break == "random":
        meta["tie_break_seed"] = str(options.seed)
    meta["counted_with"] = f"delaktig.counting {__version__}"
    return meta


def _choice(meta: Mapping[str, str], key: str, choices: tuple[str, ...], default: str) -> str:
    value = meta.get(key, default).strip() or default
    if value not in choices:
        raise ValueError(f"META {key} {value!r} is not one of {', '.join(choices)}")
    return value


def settings_from_meta(meta: Mapping[str, str]) -> tuple[str, Options]:
    """The rule and options a file's META states (see :func:`stated_settings`).

    Raises ``ValueError`` when the file names no rule this library counts, or a setting it does
    not know."""
    stated = meta.get("rule", "").strip()
    rule, _plus, completion = stated.partition("+")
    if rule not in RULES:
        raise ValueError(
            f"META rule {stated!r} is not one of {', '.join(RULES)} (with +completion)"
        )
    completion = _choice(meta, "completion", COMPLETIONS, completion or "none")
    if (completion != "none" or _plus) and rule != "mes":
        raise ValueError(f"META rule {stated!r}: only mes has a completion")
    if _plus and completion != stated.partition("+")[2]:
        raise ValueError(f"META rule {stated!r} and completion {completion!r} disagree")
    greedy_score = _choice(meta, "greedy_score", GREEDY_SCORES, "support")
    vote_type = meta.get("vote_type", "").strip()
    sat = meta.get("satisfaction", "").strip() or None
    if sat is not None:
        if sat not in SATISFACTIONS:
            raise ValueError(f"META satisfaction {sat!r} is not one of {', '.join(SATISFACTIONS)}")
        if vote_type and sat == _default_sat(rule, greedy_score, vote_type):
            sat = None  # the default, as the count that wrote the file had it
    tie_break = _choice(meta, "tie_break", TIE_BREAKS, "lexico")
    seed = None
    if tie_break == "random":
        try:
            seed = int(meta.get("tie_break_seed", ""))
        except ValueError:
            raise ValueError("META tie_break random needs a whole-number tie_break_seed") from None
    return rule, Options(
        completion=completion if rule == "mes" else "none",
        sat=sat,
        greedy_score=greedy_score,
        tie_break=tie_break,
        seed=seed,
    )
