"""Check before you act (GOV.UK "check your answers") for the steps that cannot be undone:
publishing a round, assessments or a result, hiding content.

The action's URL answers a GET, or a POST without the confirm button, with the page
`core/confirm.html` (what will happen, to whom, what cannot be undone); only the POST of its
button (`confirm=yes`) does the step. The confirmation after the step says what happens next.
"""

from django.shortcuts import render


def confirmed(request) -> bool:
    """True for the POST of a confirmation page's button; the step happens only then."""
    return request.method == "POST" and request.POST.get("confirm") == "yes"


def confirmation(
    request,
    *,
    title,
    breadcrumbs,
    consequences,
    button,
    cancel,
    rows=(),
    hidden=None,
    danger=False,
    status=200,
):
    """The page that says what will happen before it happens; its button posts back to the
    same URL with `confirm=yes` and the `hidden` fields."""
    return render(
        request,
        "core/confirm.html",
        {
            "title": title,
            "breadcrumbs": breadcrumbs,
            "rows": rows,
            "consequences": consequences,
            "action": request.path,
            "button": button,
            "hidden": hidden or {},
            "danger": danger,
            "cancel": cancel,
        },
        status=status,
    )
