import csv

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from delaktig.processes.queries import get_round_for
from delaktig.voting import queries as voting_queries

from .adapters import build_election
from .models import TallyRun
from .presentation import box_result


def _published_runs(budget_round):
    return (
        TallyRun.objects.published()
        .filter(box__budget_round=budget_round)
        .select_related("box__area", "box__budget_round")
        .order_by("box__area__position", "box__area__name", "box_id")
    )


def result_detail(request, slug):
    budget_round = get_round_for(request.user, slug)
    published = request.user.has_perm("results.view_result", budget_round)
    results = [box_result(run) for run in _published_runs(budget_round)] if published else []
    return render(
        request,
        "results/result_detail.html",
        {
            "round": budget_round,
            "published": published,
            "results": results,
            "money_used": sum(r.money_used for r in results),
            "ballots": sum(r.turnout.total for r in results),
        },
    )


def _published_box(request, slug, box_id):
    budget_round = get_round_for(request.user, slug)
    if not request.user.has_perm("results.view_result", budget_round):
        raise Http404
    run = get_object_or_404(_published_runs(budget_round), box_id=box_id)
    return run.box


def download_pabulib(request, slug, box_id):
    """The anonymised ballots of a published box, as a Pabulib file anyone can recount."""
    box = _published_box(request, slug, box_id)
    response = HttpResponse(
        build_election(box).pabulib_text(), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}-{box.pk}.pb"'
    return response


def download_csv(request, slug, box_id):
    """One row per ballot: a fresh voter number, the proposal ids and (points) their values."""
    box = _published_box(request, slug, box_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{box.pk}.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["voter", "proposal_ids", "values"])
    for number, (_ballot_id, choices) in enumerate(voting_queries.ballot_rows(box), start=1):
        writer.writerow(
            [number, ",".join(str(p) for p, _v in choices), ",".join(str(v) for _p, v in choices)]
        )
    return response
