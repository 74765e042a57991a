"""Officials' pages for paper ballots: first and second entry, mismatches, reconciliation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.processes.queries import get_round_for

from .. import queries, snapshot
from ..ballot_html import ballot_items, render_items
from ..forms import parse_ballot
from ..models import BallotBox, PaperBallot, PaperStatus
from ..rules import voting_has_closed
from ..validation import BALLOT, Problem, RulesBroken, messages_by_field, most_choices
from ..views import rule_sentences
from . import services as paper
from .forms import PaperFirstEntryForm, PaperRejectForm, PaperStationForm
from .rules import why_paper_entry_closed

PERM = "voting.manage_ballotbox"
# Voter look-ups at paper-voting stations, per official (settings.PAPER_LOOKUP_RATE).
LOOKUP_GROUP = "voting.paper_lookup"


def _round(request, slug):
    budget_round = get_round_for(request.user, slug, PERM)
    return budget_round


def _box(request, slug, box_id):
    budget_round = _round(request, slug)
    box = get_object_or_404(
        BallotBox.objects.select_related("area"), pk=box_id, budget_round=budget_round
    )
    box.budget_round = budget_round
    return box


def _entry(request, slug, entry_id):
    budget_round = _round(request, slug)
    entry = get_object_or_404(
        PaperBallot.objects.select_related("box__area", "first_by"),
        pk=entry_id,
        box__budget_round=budget_round,
    )
    entry.box.budget_round = budget_round
    return entry


def _ballot_context(box, choices, problems) -> dict:
    """The ballot as the voter saw it, for typing in; errors by each proposal."""
    by_field = messages_by_field(problems)
    items = ballot_items(snapshot.ballot_entries(box), choices, by_field)
    places = range(1, (most_choices(box) or len(items)) + 1)
    return {
        "box": box,
        "rules": rule_sentences(box),
        "ballot_items": render_items(box, items, disabled=False, places=places),
        "has_items": bool(items),
        "ballot_errors": by_field.get(BALLOT, []),
        "problems": problems,
    }


def _form_problems(form) -> list[Problem]:
    return [
        Problem(f"id_{name}" if name != "__all__" else BALLOT, message)
        for name, errors in form.errors.items()
        for message in errors
    ]


@login_required
def paper_index(request, slug, station_form=None, status=200):
    budget_round = _round(request, slug)
    entries = list(queries.open_paper_ballots(budget_round))
    return render(
        request,
        "voting/manage/paper_list.html",
        {
            "stations": queries.paper_stations(budget_round),
            "station_form": station_form or PaperStationForm(),
            "stations_locked": voting_has_closed(budget_round),
            "round": budget_round,
            "boxes": queries.boxes_for_round(budget_round),
            "closed_reason": why_paper_entry_closed(budget_round),
            "waiting": [e for e in entries if e.status == PaperStatus.PENDING],
            "mismatches": [e for e in entries if e.status == PaperStatus.MISMATCH],
        },
        status=status,
    )


@login_required
@require_POST
def paper_station_save(request, slug):
    """Register a voting station with its number of paper ballots (until voting closes)."""
    budget_round = _round(request, slug)
    form = PaperStationForm(request.POST)
    if form.is_valid():
        try:
            station = paper.register_station(
                by=request.user,
                budget_round=budget_round,
                name=form.cleaned_data["name"],
                ballots=form.cleaned_data["ballots"],
            )
        except (InvalidInput, NotAllowed, Conflict) as error:
            form.add_error("name" if error.field != "ballots" else "ballots", str(error))
        else:
            messages.success(
                request,
                _("“%(station)s” is registered with %(count)d paper ballots.")
                % {"station": station.name, "count": station.ballots},
            )
            return redirect("voting_manage:paper", slug=slug)
    return paper_index(request, slug, station_form=form, status=400)


def _too_many_lookups(request) -> bool:
    """Count one voter look-up by this official; True once over the rate. Keyed on the user,
    so that a misused official account cannot go through the census number by number."""
    return is_ratelimited(
        request,
        group=LOOKUP_GROUP,
        key="user",
        rate=settings.PAPER_LOOKUP_RATE,
        increment=True,
    )


def _too_many_lookups_message() -> str:
    return _(
        "You have looked up many voters in a short time. To protect the voter roll, looking "
        "up is paused for a while. Wait a few minutes and try again. The paper ballot has not "
        "been entered."
    )


@login_required
def paper_first(request, slug, box_id):
    box = _box(request, slug, box_id)
    form = PaperFirstEntryForm(request.POST or None)
    choices, problems = {}, []
    status = 200
    if request.method == "POST":
        choices, problems = parse_ballot(box, request.POST)
        ready = form.is_valid() and not problems
        if ready and _too_many_lookups(request):
            # Nothing is looked up; the typed ballot stays on the page.
            form.add_error("identifier", _too_many_lookups_message())
            status = 429
        elif ready:
            try:
                done = paper.enter_first_pass(
                    by=request.user,
                    box=box,
                    identifier=form.cleaned_data["identifier"],
                    station=form.cleaned_data["station"],
                    choices=choices,
                )
            except RulesBroken as error:
                problems = error.problems
            except (InvalidInput, NotAllowed, Conflict) as error:
                field = error.field if error.field in form.fields else "identifier"
                form.add_error(field, str(error))
            else:
                return render(
                    request,
                    "voting/manage/paper_entered.html",
                    {"round": box.budget_round, "box": box, "done": done},
                )
        problems = _form_problems(form) + problems
    context = {
        "round": box.budget_round,
        "form": form,
        "mode": "first",
        "closed_reason": why_paper_entry_closed(box.budget_round),
        **_ballot_context(box, choices, problems),
    }
    return render(request, "voting/manage/paper_entry.html", context, status=status)


def _entry_page(request, entry, mode, choices, problems):
    context = {
        "round": entry.box.budget_round,
        "entry": entry,
        "mode": mode,
        "reject_form": PaperRejectForm(),
        "closed_reason": why_paper_entry_closed(entry.box.budget_round),
        "typed_by_you": entry.first_by_id == request.user.pk,
        **_ballot_context(entry.box, choices, problems),
    }
    if mode == "resolve":
        titles = dict(queries.ballot_proposals(entry.box).values_list("pk", "title"))
        context["passes"] = [
            (
                label,
                [(titles.get(pk, "?"), v) for pk, v in paper.typed_choices(entry, which).items()],
            )
            for label, which in ((_("First entry"), "first"), (_("Second entry"), "second"))
        ]
    return render(request, "voting/manage/paper_entry.html", context)


def _not_open(request, slug, entry):
    messages.error(
        request,
        _("Paper ballot %(number)s has already been dealt with.") % {"number": entry.number},
    )
    return redirect("voting_manage:paper", slug=slug)


@login_required
def paper_second(request, slug, entry_id):
    entry = _entry(request, slug, entry_id)
    if entry.status != PaperStatus.PENDING:
        return _not_open(request, slug, entry)
    return _type_again(request, slug, entry, "second")


@login_required
def paper_resolve(request, slug, entry_id):
    entry = _entry(request, slug, entry_id)
    if entry.status != PaperStatus.MISMATCH:
        return _not_open(request, slug, entry)
    return _type_again(request, slug, entry, "resolve")


def _type_again(request, slug, entry, mode):
    choices, problems = {}, []
    if request.method == "POST":
        choices, problems = parse_ballot(entry.box, request.POST)
        if not problems:
            service = paper.enter_second_pass if mode == "second" else paper.resolve_mismatch
            try:
                entry = service(by=request.user, entry=entry, choices=choices)
            except RulesBroken as error:
                problems = error.problems
            except (NotAllowed, Conflict) as error:
                problems = [Problem(BALLOT, str(error))]
            else:
                _say_how_it_went(request, entry)
                return redirect("voting_manage:paper", slug=slug)
    return _entry_page(request, entry, mode, choices, problems)


def _say_how_it_went(request, entry):
    if entry.status == PaperStatus.COUNTED:
        messages.success(
            request,
            _("Paper ballot %(number)s is counted.") % {"number": entry.number},
        )
    else:
        messages.warning(
            request,
            _(
                "The two entries of paper ballot %(number)s differ. Another case officer reads "
                "the paper ballot and types it a third time."
            )
            % {"number": entry.number},
        )


@login_required
@require_POST
def paper_reject(request, slug, entry_id):
    entry = _entry(request, slug, entry_id)
    form = PaperRejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the paper ballot is rejected."))
        return redirect(_back(entry), slug=slug, entry_id=entry.pk)
    try:
        paper.reject_paper_ballot(by=request.user, entry=entry, reason=form.cleaned_data["reason"])
    except (InvalidInput, NotAllowed, Conflict) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Paper ballot %(number)s is rejected. The person can vote again.")
            % {"number": entry.number},
        )
    return redirect("voting_manage:paper", slug=slug)


def _back(entry):
    if entry.status == PaperStatus.MISMATCH:
        return "voting_manage:paper_resolve"
    return "voting_manage:paper_second"


@login_required
def reconciliation(request, slug):
    budget_round = _round(request, slug)
    boxes = queries.reconciliation(budget_round)
    return render(
        request,
        "voting/manage/reconciliation.html",
        {
            "round": budget_round,
            "boxes": [(row, queries.reconciliation_flags(row)) for row in boxes],
            "station_flags": queries.station_flags(budget_round),
            "stations": queries.paper_stations(budget_round),
        },
    )
