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

from . import approvals, queries, rule_texts, snapshot
from .forms import BallotBoxForm, parse_ballot
from .models import BallotBox, BallotKind
from .rules import voting_has_opened
from .services import design
from .validation import choice_problems
from .views import ballot_context

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
        if len(created) == 1 and not budget_round.areas.exists():
            # One ballot for the whole round: its design is the next thing to do.
            return redirect("voting_manage:box", slug=slug, box_id=created[0].pk)
    return redirect("voting_manage:index", slug=slug)


def _kind_switched(request) -> str | None:
    """The new ballot kind when the official picked another one on a page that showed the
    limits of the old one (without JavaScript): those limits are shown before anything is
    saved. None when the posted kind is the one whose limits were on the page."""
    if request.method != "POST":
        return None
    posted, shown = request.POST.get("kind"), request.POST.get("shown_kind")
    if posted in BallotKind.values and shown in BallotKind.values and posted != shown:
        return posted
    return None


def _posted_as_initial(post) -> dict:
    """What the official had filled in, to show again unsaved."""
    initial = {name: post.get(name) for name in post if name not in ("csrfmiddlewaretoken",)}
    initial["proposals"] = post.getlist("proposals")
    return initial


@login_required
def box_design(request, slug, box_id):
    budget_round, box = _load(request, slug, box_id)
    locked = voting_has_opened(budget_round)
    feasible = design.feasible_for(box).order_by("title", "pk")
    if request.method == "POST" and locked:
        messages.error(request, design.locked_message())
        return redirect("voting_manage:box", slug=slug, box_id=box.pk)
    switched = _kind_switched(request)
    if switched:
        form = BallotBoxForm(
            initial=_posted_as_initial(request.POST),
            instance=box,
            feasible=feasible,
            kind=switched,
        )
    else:
        form = BallotBoxForm(
            request.POST if request.method == "POST" and not locked else None,
            instance=box,
            feasible=feasible,
        )
    problems = []
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
            "kind_switched": bool(switched),
            "problems": problems,
            "on_ballot": list(queries.ballot_proposals(box)),
            "rule_name": rule_texts.box_rule_name(box),
            "example_setting": rule_texts.EXAMPLE_SETTING,
        },
    )


@login_required
def preview(request, slug, box_id):
    """The ballot as voters will see it (issue 11): the voters' template with the proposals now
    on the ballot, marked as a preview. Its button checks the choices against the ballot's rules
    and says what a voter would be told; nothing is stored, and no voter's data is read."""
    budget_round, box = _load(request, slug, box_id)
    choices, problems, tried = {}, [], request.method == "POST"
    if tried:
        choices, problems = parse_ballot(box, request.POST)
        if not problems:
            problems = choice_problems(box, choices, snapshot.titles_and_costs(box))
    context = ballot_context(request, box, choices, problems, channel=None, reason=None)
    context.update(
        {
            "preview": True,
            "preview_accepted": tried and not problems,
            "action": reverse("voting_manage:preview", kwargs={"slug": slug, "box_id": box.pk}),
            "design_url": reverse("voting_manage:box", kwargs={"slug": slug, "box_id": box.pk}),
            "other_boxes": [b for b in queries.boxes_for_round(budget_round) if b.pk != box.pk],
        }
    )
    return render(request, "voting/ballotbox_vote.html", context)


@login_required
def preview_round(request, slug):
    """The round's ballot preview, from the set-up task list: the first ballot box's preview
    (the others are linked from it), or the ballot boxes page while there is none."""
    budget_round, _box = _load(request, slug)
    boxes = queries.boxes_for_round(budget_round)
    if not boxes:
        messages.info(request, _("The round has no ballot yet. Set up the ballot first."))
        return redirect("voting_manage:index", slug=slug)
    return redirect("voting_manage:preview", slug=slug, box_id=boxes[0].pk)


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
