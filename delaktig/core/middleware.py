"""Domain errors a view lets through become the page that says why.

A service raises `NotAllowed`, `Conflict` or `InvalidInput` with a sentence for the person
(core.errors). A view that shows the sentence beside a form catches it itself; any other view
lets it through, and this middleware answers with the 403, 409 or 400 page carrying the
sentence — one place, instead of a copied try/except in every view.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _

from .errors import Conflict, DomainError, InvalidInput, NotAllowed


def domain_error_response(request, error: DomainError):
    if isinstance(error, NotAllowed):
        status, title = 403, _("You cannot do this")
    elif isinstance(error, Conflict):
        status, title = 409, _("This cannot be done now")
    elif isinstance(error, InvalidInput):
        status, title = 400, _("Something in what you sent was wrong")
    else:
        status, title = 400, _("This cannot be done")
    return render(
        request,
        "403.html",
        {"reason": str(error), "heading": title},
        status=status,
    )


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return domain_error_response(request, exception)
        return None
