from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from delaktig.approvals.pages import ask_second_official
from delaktig.core.confirm import confirmation, confirmed
from delaktig.core.errors import DomainError
from delaktig.core.permissions import require
from delaktig.processes.queries import get_round_for
from delaktig.voting import queries as voting_queries
from delaktig.voting.rule_texts import box_rule_name, rule_explanations, rule_name

from . import services
from .adapters import counting_setup
from .approvals import PUBLISH_FLAGGED
from .forms import PabulibCountForm
from .models import TallyRun
from .presentation import box_result


def _rule_of(box) -> str:
    """The rule a box counts with, as a run names it: "mes+add1", "greedy"."""
    rule, options = counting_setup(box)
    if rule == "mes" and options.completion not in ("", "none"):
        return f"{rule}+{options.completion}"
    return rule


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
    rows = [
        {
            "box": b,
            "turnout": turnout.get(b.pk),
            "runs": runs.get(b.pk, []),
            "rule_name": rule_name(_rule_of(b)),
            "rule_explained": rule_explanations(_rule_of(b)),
        }
        for b in boxes
    ]
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
    # Plain Swedish names and one sentence per rule, not the library's "mes+add1" (issue 11).
    named = [
        {"name": rule_name(c.rule), "cost": c.cost, "satisfied_share": c.satisfied_share}
        for c in comparisons
    ]
    explained = {}
    for comparison in comparisons:
        for name, sentence in rule_explanations(comparison.rule):
            explained.setdefault(name, sentence)
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
        {
            "round": budget_round,
            "box": box,
            "box_rule": box_rule_name(box),
            "comparisons": named,
            "rows": rows,
            "explained": list(explained.items()),
        },
    )


@login_required
def publish(request, slug):
    """Check before you act: which count of each ballot box everyone will see, and that a
    published result never changes; the POST of the confirmation's button publishes (or asks a
    second case officer when the reconciliation flags anything)."""
    budget_round = _round(request, slug)
    require("results.publish", request.user, budget_round)
    overview_url = reverse("results_manage:overview", kwargs={"slug": slug})
    if budget_round.result_published_at:
        return redirect("results:detail", slug=slug)
    if not confirmed(request):
        return confirmation(
            request,
            title=_("Publish the result?"),
            breadcrumbs=[
                (_("Manage"), reverse("processes_manage:dashboard")),
                (
                    budget_round.name,
                    reverse("processes_manage:round_manage", kwargs={"slug": slug}),
                ),
                (_("Count and publish"), overview_url),
            ],
            rows=_newest_counts(budget_round),
            consequences=[
                _("Everyone can read the result: which proposals get money, and why."),
                _("Voters can check with their receipt code that their ballot was counted."),
                _("A published result cannot be changed or taken back."),
            ],
            button=_("Yes, publish the result"),
            cancel=overview_url,
        )
    try:
        services.publish_result(by=request.user, budget_round=budget_round)
    except services.NeedsSecondOfficial as flagged:
        return _ask_second_official(request, budget_round, flagged)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(overview_url)
    messages.success(
        request,
        _(
            "The result is published. What happens next: everyone can read it here, and voters "
            "can check their receipts."
        ),
    )
    return redirect("results:detail", slug=slug)


def _newest_counts(budget_round) -> list[tuple[str, str]]:
    """One row per ballot box: the count that publishing will show."""
    rows = []
    for box in voting_queries.boxes_for_round(budget_round):
        name = box.area.name if box.area_id else _("The whole round")
        run = TallyRun.objects.filter(box=box).order_by("-created_at", "-id").first()
        if run is None:
            rows.append((name, _("Not counted yet")))
        else:
            rows.append(
                (
                    name,
                    ngettext(
                        "Count of %(date)s (%(n)s ballot)",
                        "Count of %(date)s (%(n)s ballots)",
                        run.ballot_count,
                    )
                    % {"date": date_format(run.created_at, "j F Y H:i"), "n": run.ballot_count},
                )
            )
    return rows


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
            # The rule by its plain name, not the library's "mes+add1" (issue 11).
            context["rule_name"] = rule_name(context["result"].outcome.rule)
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
