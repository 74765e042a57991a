"""Domain errors raised by services. Their message is translated and shown to the person."""


class DomainError(Exception):
    """A rule of the domain was broken; `str(error)` is a sentence for the person."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(DomainError):
    """The person may not do this (role, phase or ownership)."""


class InvalidInput(DomainError):
    """The input breaks a rule (over budget, too few choices, wrong file)."""


class Conflict(DomainError):
    """The state changed under the person (already voted, already published, locked)."""


# What a view shows beside its form's fields. `NotAllowed` is not among them: it goes on to
# the 403 page that says why (core.middleware.DomainErrorMiddleware).
FORM_ERRORS = (InvalidInput, Conflict)
