import csv

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from delaktig.assessments.queries import published_assessments
from delaktig.core.codes import RECEIPT_CODE
from delaktig.core.sections import sections as added_sections
from delaktig.core.spreadsheet import spreadsheet_cell
from delaktig.processes.queries import get_round_for

from . import receipts
from .adapters import build_election, counted_ballot_rows
from .presentation import (
    ballots_may_be_published,
    box_result,
    money_used,
    run_budget,
    run_turnout,
)
from .queries import published_runs


def _published_section(budget_round, run) -> dict:
    """One ballot box of a published result. Its HTML is cached per run and language: a
    published run never changes, and rendering 1 000 proposals with chart and table costs
    about 0.2 s (bench/pages.py)."""
    key = f"results:section:v3:{run.pk}:{get_language()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "results/_published_box.html",
            {"round": budget_round, "result": box_result(run)},
        )
        cache.set(key, html, timeout=24 * 3600)
    return {
        "box": run.box,
        "money_used": money_used(run),
        "budget": run_budget(run),
        "turnout": run_turnout(run),
        "html": mark_safe(html),  # noqa: S308 - rendered by our own autoescaping template
    }


def _published_extras(budget_round):
    """(areas whose ballot had no proposals, proposals not on the ballot with their reasons):
    part of a published result (issue 11), and as fixed as it is, so kept in the cache with
    the sections (bench/pages.py: two queries and 3 ms a view otherwise)."""
    published = budget_round.result_published_at
    key = f"results:extras:v1:{budget_round.pk}:{published.timestamp() if published else 0}"
    extras = cache.get(key)
    if extras is None:
        empty = [
            box.area.name
            for box in budget_round.ballot_boxes.filter(proposals=None, area__isnull=False)
            .select_related("area")
            .order_by("area__position", "area__name")
        ]
        rejected = [
            {
                "pk": p.pk,
                "title": p.title,
                "area": p.area.name if p.area_id else "",
                "reason": p.assessment.reason,
            }
            for p in published_assessments(budget_round).filter(assessment__verdict="not_feasible")
        ]
        extras = (empty, rejected)
        cache.set(key, extras, timeout=24 * 3600)
    return extras


def result_detail(request, slug):
    budget_round = get_round_for(request.user, slug)
    published = request.user.has_perm("results.view_result", budget_round)
    sections, shown, empty_areas, not_feasible = [], [], [], []
    if published:
        sections = [_published_section(budget_round, run) for run in published_runs(budget_round)]
        # A reader can pick one area (issue 11): ?omrade=<ballot box>; anything else shows all.
        picked = request.GET.get("omrade", "")
        shown = [s for s in sections if str(s["box"].pk) == picked] or sections
        empty_areas, not_feasible = _published_extras(budget_round)
    return render(
        request,
        "results/result_detail.html",
        {
            "round": budget_round,
            "published": published,
            "sections": sections,
            "shown": shown,
            "empty_areas": empty_areas,
            "money_used": sum(s["money_used"] for s in sections),
            "not_feasible": not_feasible if published else [],
            # The political decision, from the follow-up (core.sections).
            "added_sections": added_sections(
                "results.detail", process=budget_round, user=request.user
            )
            if published
            else [],
        },
    )


def _published_run(request, slug, box_id):
    budget_round = get_round_for(request.user, slug)
    if not request.user.has_perm("results.view_result", budget_round):
        raise Http404
    run = get_object_or_404(published_runs(budget_round), box_id=box_id)
    if not ballots_may_be_published(run):
        raise Http404  # too few ballots to publish them without showing someone's vote
    return run


def download_pabulib(request, slug, box_id):
    """The anonymised ballots of a published box, as a Pabulib file anyone can recount: the
    file the published run counted (runs made before it was kept: built from the ballots)."""
    run = _published_run(request, slug, box_id)
    text = run.pabulib_text or build_election(run.box).pabulib_text()
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{run.box_id}.pb"'
    return response


def download_csv(request, slug, box_id):
    """One row per ballot: a fresh voter number, the proposal ids and (points) their values."""
    run = _published_run(request, slug, box_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{run.box_id}.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["voter", "proposal_ids", "values"])
    for number, choices in counted_ballot_rows(run):
        ids = ",".join(str(p) for p, _v in choices)
        values = ",".join(str(v) for _p, v in choices)
        writer.writerow([spreadsheet_cell(cell) for cell in (number, ids, values)])
    return response


# The code space is 32^16 (80 bits), so guessing is hopeless anyway; the limits stop anyone
# using the page to hammer the database. Per client address (the real client's behind the
# municipality's proxy: core/client_ip.py), so one household does not hold up the next.
RECEIPT_RATE = "10/m"
# Per receipt code, from every address together: a code is checked once or twice by its voter.
PER_RECEIPT_RATE = "20/h"
PER_RECEIPT_GROUP = "results.receipt_check.per_code"


def _receipt_checked_too_often(request, code: str) -> bool:
    digest = RECEIPT_CODE.keyed_hash(code)
    return is_ratelimited(
        request,
        group=PER_RECEIPT_GROUP,
        key=lambda _group, _request: digest,
        rate=PER_RECEIPT_RATE,
        increment=True,
    )


@never_cache
@ratelimit(key="ip", rate=RECEIPT_RATE, method="POST", block=False)
def receipt_check(request, slug):
    """A voter types their receipt code and learns whether their ballot was counted (once the
    result is published) or received (before that, also while voting is open: issue 11)."""
    budget_round = get_round_for(request.user, slug)
    published = request.user.has_perm("results.view_result", budget_round)
    form = receipts.ReceiptCheckForm(request.POST if request.method == "POST" else None)
    context = {"round": budget_round, "published": published, "form": form, "counted": None}
    if not published:
        # When checking opens: after the close, once the count is published (issue 11).
        vote = budget_round.phase_of_kind("vote")
        ended = budget_round.has_ended("vote")
        context["voting_closes_at"] = vote.ends_at if vote and not ended else None
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            context["service_error"] = _(
                "You have checked many codes in a short time. Wait a minute and try again."
            )
            status = 429
        elif form.is_valid():
            code = form.cleaned_data["code"]
            if _receipt_checked_too_often(request, code):
                context["service_error"] = _(
                    "This receipt code has been checked many times in a short time. Wait an "
                    "hour and try again."
                )
                status = 429
            else:
                context["counted"] = (
                    receipts.was_counted(budget_round, code)
                    if published
                    else receipts.was_received(budget_round, code)
                )
    return render(request, "results/receipt_check.html", context, status=status)


def download_receipts(request, slug):
    """The published receipt hashes of the round, sorted, one per line. No ballot contents."""
    budget_round = get_round_for(request.user, slug)
    if not request.user.has_perm("results.view_result", budget_round):
        raise Http404
    text = "".join(f"{h}\n" for h in receipts.published_receipt_hashes(budget_round))
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-kvitton.txt"'
    return response
