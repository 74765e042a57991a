from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from delaktig.approvals.pages import ask_second_official
from delaktig.core.errors import DomainError
from delaktig.core.permissions import require
from delaktig.processes.queries import get_round_for
from delaktig.voting import queries as voting_queries

from . import services
from .approvals import PUBLISH_FLAGGED
from .forms import PabulibCountForm
from .models import TallyRun
from .presentation import box_result


def _round(request, slug):
    return get_round_for(request.user, slug, "results.manage")


@login_required
def overview(request, slug):
    budget_round = _round(request, slug)
    boxes = voting_queries.boxes_for_round(budget_round)
    turnout = voting_queries.turnout_by_box([b.pk for b in boxes])
    runs = {}
    for run in TallyRun.objects.filter(box__in=boxes).order_by("-created_at", "-id"):
        runs.setdefault(run.box_id, []).append(run)
    rows = [{"box": b, "turnout": turnout.get(b.pk), "runs": runs.get(b.pk, [])} for b in boxes]
    return render(
        request,
        "results/manage/overview.html",
        {
            "round": budget_round,
            "rows": rows,
            "can_count": request.user.has_perm("results.count", budget_round),
        },
    )


@login_required
@require_POST
def count_box(request, slug, box_id):
    budget_round = _round(request, slug)
    box = get_object_or_404(budget_round.ballot_boxes, pk=box_id)
    try:
        run = services.run_tally(by=request.user, box=box)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("results_manage:overview", slug=slug)
    messages.success(request, _("The votes are counted. Review the result before you publish it."))
    return redirect("results_manage:run", slug=slug, run_id=run.pk)


@login_required
def run_detail(request, slug, run_id):
    budget_round = _round(request, slug)
    run = get_object_or_404(
        TallyRun.objects.select_related("box__area"), pk=run_id, box__budget_round=budget_round
    )
    return render(
        request,
        "results/manage/run_detail.html",
        {"round": budget_round, "result": box_result(run), "run": run},
    )


@login_required
def compare(request, slug, box_id):
    budget_round = _round(request, slug)
    box = get_object_or_404(budget_round.ballot_boxes.select_related("area"), pk=box_id)
    if not request.user.has_perm("results.count", budget_round):
        messages.error(request, _("Rules can be compared once voting has closed."))
        return redirect("results_manage:overview", slug=slug)
    titles = voting_queries.proposal_titles_and_costs(box)
    comparisons = services.compare_rules(box)
    funded_by = {c.rule: set(c.selected) for c in comparisons}
    rows = [
        {
            "title": title,
            "cost": cost,
            "marks": [str(pk) in funded_by[c.rule] for c in comparisons],
        }
        for pk, (title, cost) in sorted(titles.items(), key=lambda kv: kv[1][0])
    ]
    return render(
        request,
        "results/manage/compare.html",
        {"round": budget_round, "box": box, "comparisons": comparisons, "rows": rows},
    )


@login_required
@require_POST
def publish(request, slug):
    budget_round = _round(request, slug)
    try:
        services.publish_result(by=request.user, budget_round=budget_round)
    except services.NeedsSecondOfficial as flagged:
        return _ask_second_official(request, budget_round, flagged)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("results_manage:overview", slug=slug)
    messages.success(request, _("The result is published."))
    return redirect("results:detail", slug=slug)


@login_required
def count_file(request):
    """Count an uploaded Pabulib file with any rule; nothing is stored."""
    require("results.manage", request.user)
    form = PabulibCountForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            context["result"] = services.count_pabulib_file(
                by=request.user,
                upload=form.cleaned_data["file"],
                rule=form.cleaned_data["rule"],
                completion=form.cleaned_data["completion"],
            )
        except DomainError as error:
            context["service_error"] = str(error)
    return render(request, "results/manage/count_file.html", context)


def _ask_second_official(request, budget_round, flagged):
    """Check before asking: what the reconciliation shows, and why; then a second case officer
    approves (or not) on the approvals page."""
    if "reason" not in request.POST:
        return render(
            request,
            "results/manage/publish_flagged.html",
            {"round": budget_round, "flags": flagged.flags, "message": str(flagged)},
        )
    return ask_second_official(
        request,
        budget_round=budget_round,
        action=PUBLISH_FLAGGED,
        params={"flags": flagged.flags},
        saved=_(
            "Your request is saved. The result is published when a second case officer has "
            "checked and approved it."
        ),
        back=reverse("results_manage:overview", kwargs={"slug": budget_round.slug}),
    )
