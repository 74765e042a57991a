from django import template
from django.utils import timezone

from delaktig.processes import phases as phase_registry
from delaktig.processes.phases import BETWEEN_TEXT, DRAFT_TEXT

register = template.Library()


def phase_state(budget_round, at=None):
    at = at or timezone.now()
    phase = budget_round.current_phase(at)
    phases = budget_round.phases_in_order()
    if not budget_round.is_published:
        text = DRAFT_TEXT  # not "ended" (issue 11): it has not begun for anyone outside
    elif phase is not None:
        text = phase_registry.kind(phase.kind).can_do(budget_round.kind)
    elif not phases or at < phases[0].starts_at:
        text = budget_round.kind_spec.not_started_text
    elif any(p.starts_at > at for p in phases):
        text = BETWEEN_TEXT
    else:
        text = budget_round.kind_spec.ended_text
    return {"round": budget_round, "phase": phase, "phases": phases, "can_do": text}


@register.inclusion_tag("processes/_phase_banner.html", takes_context=True)
def phase_banner(context, budget_round):
    return {**phase_state(budget_round), "request": context.get("request")}


@register.inclusion_tag("processes/_round_nav.html", takes_context=True)
def round_nav(context, budget_round, current=""):
    return {
        "round": budget_round,
        "tabs": budget_round.tabs(),
        "about_label": budget_round.kind_spec.about_label,
        "current": current,
        "user": context.get("user"),
    }


@register.simple_tag
def phase_now(budget_round) -> dict:
    """The phase running now and what a visitor can do in it, for a card in a list."""
    return phase_state(budget_round)


@register.simple_tag
def primary_action(budget_round):
    """(text, URL) of the one thing to do in the round now, or None (issue 11)."""
    return phase_registry.primary_action(budget_round)


@register.simple_tag
def who_takes_part(budget_round) -> str:
    """Who may take part, in one sentence for a card (BudgetRound.audience_sentences)."""
    return budget_round.audience_sentences()[0]


@register.filter
def text_lang(budget_round, field: str) -> str:
    """`<h1 lang="{{ round|text_lang:'name' }}">`: the language the text is shown in (WCAG
    3.1.2, language of parts), Swedish where the round has no translation."""
    return budget_round.text_language(field)
