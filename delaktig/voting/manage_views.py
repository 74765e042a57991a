"""Officials' pages: create the ballot boxes of a round and design each ballot."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from delaktig.approvals.pages import ask_second_official
from delaktig.core.errors import Conflict, InvalidInput
from delaktig.processes.queries import get_round_for

from . import approvals, queries, rule_texts
from .forms import BallotBoxForm
from .models import BallotBox, BallotKind
from .rules import voting_has_opened
from .services import design

PERM = "voting.manage_ballotbox"


def _load(request, slug, box_id=None):
    budget_round = get_round_for(request.user, slug, PERM)
    if box_id is None:
        return budget_round, None
    box = get_object_or_404(
        BallotBox.objects.select_related("area"), pk=box_id, budget_round=budget_round
    )
    box.budget_round = budget_round
    return budget_round, box


@login_required
def box_list(request, slug):
    budget_round, _box = _load(request, slug)
    boxes = queries.boxes_for_round(budget_round)
    turnout = queries.turnout_by_box(b.pk for b in boxes)
    on_ballot = queries.proposals_in_boxes(budget_round)
    rows = [
        {
            "box": b,
            "proposals": len(on_ballot.get(b.pk, [])),
            "turnout": turnout[b.pk].total if b.pk in turnout else 0,
        }
        for b in boxes
    ]
    return render(
        request,
        "voting/manage/ballotbox_list.html",
        {
            "round": budget_round,
            "rows": rows,
            "locked": voting_has_opened(budget_round),
            "kinds": BallotKind.choices,
            # An empty ballot cannot be voted on: said before voting opens (issue 11, item 6).
            "opening_problems": (
                [] if voting_has_opened(budget_round) else design.opening_problems(budget_round)
            ),
        },
    )


@login_required
@require_POST
def create_boxes(request, slug):
    budget_round, _box = _load(request, slug)
    kind = request.POST.get("kind")
    if kind not in BallotKind.values:
        kind = BallotKind.APPROVAL
    try:
        created = design.create_boxes_for_round(
            by=request.user, budget_round=budget_round, kind=kind
        )
    except Conflict as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d ballot box created.", "%(count)d ballot boxes created.", len(created)
            )
            % {"count": len(created)},
        )
    return redirect("voting_manage:index", slug=slug)


@login_required
def box_design(request, slug, box_id):
    budget_round, box = _load(request, slug, box_id)
    locked = voting_has_opened(budget_round)
    feasible = design.feasible_for(box).order_by("title", "pk")
    form = BallotBoxForm(
        request.POST if request.method == "POST" and not locked else None,
        instance=box,
        feasible=feasible,
    )
    problems = []
    if request.method == "POST" and locked:
        messages.error(request, design.locked_message())
        return redirect("voting_manage:box", slug=slug, box_id=box.pk)
    if form.is_bound and form.is_valid():
        try:
            design.configure_ballot_box(by=request.user, box=box, data=form.cleaned_data)
        except InvalidInput as error:
            for problem in getattr(error, "problems", []):
                form.add_error(
                    problem.field if problem.field in form.fields else None, problem.message
                )
        except Conflict as error:
            messages.error(request, str(error))
            return redirect("voting_manage:box", slug=slug, box_id=box.pk)
        else:
            messages.success(request, _("The ballot has been saved."))
            return redirect("voting_manage:box", slug=slug, box_id=box.pk)
    if form.is_bound:
        problems = [
            {"field": f"id_{name}" if name != "__all__" else "design", "message": message}
            for name, errors in form.errors.items()
            for message in errors
        ]
    return render(
        request,
        "voting/manage/ballotbox_form.html",
        {
            "round": budget_round,
            "box": box,
            "form": form,
            "locked": locked,
            "problems": problems,
            "on_ballot": list(queries.ballot_proposals(box)),
            # What each counting rule does, in plain words (issue 11).
            "rules_explained": rule_texts.all_rule_explanations(),
        },
    )


@login_required
@require_POST
def fill(request, slug, box_id):
    _round, box = _load(request, slug, box_id)
    try:
        filled = design.fill_ballot(by=request.user, box=box)
    except Conflict as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Feasible proposals now on the ballot: %(count)d.")
            % {"count": len(filled.on_ballot)},
        )
        if filled.left_out:
            messages.warning(
                request,
                _("Left out because they cost more than a proposal may cost: %(titles)s.")
                % {"titles": ", ".join(p.title for p in filled.left_out)},
            )
    return redirect("voting_manage:box", slug=slug, box_id=box.pk)


@login_required
@require_POST
def close_now(request, slug):
    """ "Stäng nu": ask a second case officer to approve closing voting early (voting/approvals)."""
    budget_round = get_round_for(request.user, slug, "processes.change_budgetround")
    return ask_second_official(
        request,
        budget_round=budget_round,
        action=approvals.CLOSE_NOW,
        params={},
        saved=_(
            "Your request to close voting now is saved. Voting stays open until a second case "
            "officer approves it."
        ),
        back=reverse("processes_manage:schedule_edit", kwargs={"slug": budget_round.slug}),
    )
