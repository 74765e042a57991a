"""Follows for tests, made the way people make them."""

from delaktig.following import registry, services, tokens


def follow_by_email(email: str, target):
    """Confirm an e-mail follow as the link in the confirmation e-mail does."""
    followable = registry.for_object(target)
    token = tokens.confirm_token(email=email, key=followable.key, pk=target.pk)
    return services.confirm_email(token=token).follow
