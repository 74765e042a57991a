"""Follows for tests, made the way people make them, and the followable things to make them on.

Following sits below the apps whose things are followed (processes, proposals register them),
so the layers do not let these tests import them. What is followed is exactly what those apps
register, though, so the tests use their real models and factories, reached through the app
registry at run time, as the proposals' factories reach assessments (`apps.get_model`)."""

from importlib import import_module

from delaktig.following import registry, services, tokens


def _factories(app: str):
    return import_module(f"delaktig.{app}.tests.factories")


def round_factory(**kwargs):
    return _factories("processes").BudgetRoundFactory(**kwargs)


def draft_round(**kwargs):
    return round_factory(status="draft", published_at=None, **kwargs)


def proposal_factory(**kwargs):
    return _factories("proposals").ProposalFactory(**kwargs)


def follow_by_email(email: str, target):
    """Confirm an e-mail follow as the link in the confirmation e-mail does."""
    followable = registry.for_object(target)
    token = tokens.confirm_token(email=email, key=followable.key, pk=target.pk)
    return services.confirm_email(token=token).follow
