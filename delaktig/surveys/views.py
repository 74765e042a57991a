from django.shortcuts import render

from delaktig.processes.queries import get_round_for

from .queries import surveys_shown


def process_surveys(request, slug):
    """The surveys of a dialogue or a round: open, coming and closed."""
    process = get_round_for(request.user, slug)
    return render(
        request,
        "surveys/process_surveys.html",
        {"round": process, "surveys": list(surveys_shown(process, request.user))},
    )
