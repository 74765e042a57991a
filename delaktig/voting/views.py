"""Participants' voting pages. Every page works without JavaScript; ballot.js adds a live total."""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from delaktig.core.errors import Conflict, NotAllowed
from delaktig.core.money import format_kronor
from delaktig.core.permissions import why_not

from . import queries, snapshot
from .ballot_html import NO_FIT, ballot_items, render_items
from .forms import CHOICE, POINTS_PREFIX, RANK_PREFIX, parse_ballot
from .models import BallotKind, Channel
from .rules import voting_closes_at, voting_has_closed
from .services import casting
from .validation import BALLOT, Problem, RulesBroken, messages_by_field, most_choices


# The ballot and the receipt are never kept by a browser's or a proxy's cache: on a shared
# computer the next person must not find them with the back button (issue 9).
@never_cache
def ballot(request, slug):
    """The round's voting page: the ballot itself, or a chooser when areas vote separately."""
    budget_round, boxes = snapshot.voting_round(request.user, slug)
    if len(boxes) == 1 and boxes[0].area_id is None:
        return _vote_page(request, boxes[0])
    closed = voting_has_closed(budget_round)
    # After the close the areas are not listed: there is nothing to choose (issue 11).
    choosable = [] if closed else queries.boxes_user_may_choose(request.user, budget_round, boxes)
    return render(
        request,
        "voting/ballotbox_list.html",
        {"round": budget_round, "boxes": choosable, "any_boxes": bool(boxes), "closed": closed},
    )


@never_cache
def box(request, slug, box_id):
    return _vote_page(request, snapshot.voting_box(request.user, slug, box_id))


def _vote_page(request, ballot_box):
    if request.method == "POST":
        return _cast(request, ballot_box)
    channel = casting.participation_channel(request.user, ballot_box)
    # No participation, no ballot: a first visit (most visits in a rush) needs one query here.
    current = casting.current_choices(request.user, ballot_box) if channel else {}
    reason = why_not("voting.cast_ballot", request.user, ballot_box)
    return _render_ballot(request, ballot_box, current, [], channel=channel, reason=reason)


def _cast(request, ballot_box):
    """Each question once (issue 10): the ballot is read once (`parse_ballot` gives what the
    service checks), who may vote is asked once and handed to the service, and how the voter
    has taken part is looked up once, only when the ballot is refused."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    choices, problems = parse_ballot(ballot_box, request.POST)
    check = casting.check_voter(request.user, ballot_box)
    if check.reason:
        raise NotAllowed(check.reason)
    if problems:
        channel = casting.participation_channel(request.user, ballot_box)
    else:
        try:
            receipt = casting.cast_ballot(
                by=request.user, box=ballot_box, choices=choices, check=check
            )
        except casting.VotedOnPaper:
            return _voted_on_paper(request, ballot_box)
        except RulesBroken as error:
            problems, channel = error.problems, error.channel
        except Conflict as error:
            problems = [Problem(BALLOT, str(error))]
            channel = casting.participation_channel(request.user, ballot_box)
        else:
            return render(
                request,
                "voting/ballot_receipt.html",
                {"round": ballot_box.budget_round, "box": ballot_box, "receipt": receipt},
            )
    if channel == Channel.PAPER:
        return _voted_on_paper(request, ballot_box)
    return _render_ballot(request, ballot_box, choices, problems, channel=channel, reason=None)


def _voted_on_paper(request, ballot_box):
    """409: the page says the voter voted on paper; the ballot is shown without a button.
    Only reached once the voter may vote (`check_voter` said yes)."""
    response = _render_ballot(request, ballot_box, {}, [], channel=Channel.PAPER, reason=None)
    response.status_code = 409
    return response


def _proposal_url(slug):
    """Links to proposal pages, or None while the proposals app has no detail page.

    Reversed once and filled in per proposal: reversing 1 000 URLs took 7 ms a page."""
    marker = 987654321
    try:
        pattern = reverse("proposals:detail", kwargs={"slug": slug, "pk": marker})
    except NoReverseMatch:
        return None
    return lambda pk: pattern.replace(str(marker), str(int(pk)))


def _render_ballot(request, ballot_box, choices, problems, *, channel, reason):
    """The ballot page; `channel`: how the voter has taken part in the box, None if not yet;
    `reason`: why they may not vote (`voting.cast_ballot`, asked by the caller), or None."""
    context = ballot_context(request, ballot_box, choices, problems, channel=channel, reason=reason)
    return render(request, "voting/ballotbox_vote.html", context)


def ballot_context(request, ballot_box, choices, problems, *, channel, reason) -> dict:
    """What the ballot page shows: the voter's page, and the officials' preview of it
    (manage_views.preview), which renders the same template from the same context."""
    budget_round = ballot_box.budget_round
    entries = snapshot.ballot_entries(ballot_box)
    url_for = _proposal_url(budget_round.slug)
    by_field = messages_by_field(problems)
    items = ballot_items(entries, choices, by_field, url_for)
    if reason is None and channel == Channel.PAPER:
        reason = casting.voted_on_paper_message()
    if (
        reason is None
        and channel == Channel.ONLINE
        and not choices
        and not casting.ballot_is_locatable(request.user, ballot_box)
    ):
        reason = casting.unlocatable_message()
    most = most_choices(ballot_box)  # once, for the sentences' places, the page and its script
    total = running_total(ballot_box, items)
    if problems:
        total_lead = _("In the vote you sent:")
    elif channel == Channel.ONLINE and total["count"]:
        total_lead = _("In your saved vote:")
    else:
        total_lead = ""
    context = {
        "round": budget_round,
        "box": ballot_box,
        "most_choices": most,
        "items": items,
        "problems": problems,
        "ballot_errors": by_field.get(BALLOT, []),
        "reason": reason,
        "has_voted": channel is not None,
        "closes_at": voting_closes_at(budget_round),
        "rules": rule_sentences(ballot_box),
        "total": total,
        "total_lead": total_lead,
        "no_fit_text": NO_FIT,
        "ballot_items": render_items(
            ballot_box,
            items,
            disabled=bool(reason),
            places=range(1, (most or len(items)) + 1),
            left=total["left"],
        ),
        "CHOICE": CHOICE,
        "POINTS_PREFIX": POINTS_PREFIX,
        "RANK_PREFIX": RANK_PREFIX,
    }
    return context


def rule_sentences(box) -> list[str]:
    """The ballot's rules in plain language, one short sentence each."""
    sentences = []
    most = most_choices(box)
    if box.kind == BallotKind.RANKING:
        sentences.append(
            _("Put up to %(places)d proposals in order. Place 1 is the one you want most.")
            % {"places": most or 0}
        )
    if box.min_choices == most and box.kind != BallotKind.RANKING:
        sentences.append(
            ngettext(
                "Choose exactly %(count)d proposal.", "Choose exactly %(count)d proposals.", most
            )
            % {"count": most}
        )
    else:
        sentences.append(
            ngettext(
                "Choose at least %(count)d proposal.",
                "Choose at least %(count)d proposals.",
                box.min_choices,
            )
            % {"count": box.min_choices}
        )
        if most is not None and box.kind != BallotKind.RANKING:
            sentences.append(
                ngettext(
                    "Choose at most %(count)d proposal.",
                    "Choose at most %(count)d proposals.",
                    most,
                )
                % {"count": most}
            )
    if box.kind == BallotKind.KNAPSACK:
        sentences.append(
            _("You may use at most %(cap)s.") % {"cap": format_kronor(box.effective_spending_cap)}
        )
    if box.kind == BallotKind.POINTS:
        sentences.append(
            _("You have %(total)d points. You may give at most %(most)d points to one proposal.")
            % {"total": box.total_points or 0, "most": box.max_points_per_proposal or 0}
        )
    return sentences


def running_total(box, items) -> dict:
    """The total above the ballot, computed here from the choices the page was made with (the
    voter's saved ballot, or a refused one), and the templates ballot.js fills live.

    Without JavaScript the figure cannot follow the ticks, so it is shown only when something
    was chosen, introduced as what was sent or saved (issue 11, broken item 5); ballot.js shows
    it from the start and keeps it up to date."""
    chosen = [i for i in items if i["value"]]
    count, used = len(chosen), sum(i["cost"] for i in chosen)
    points = sum(i["value"] for i in chosen)
    cap = box.effective_spending_cap
    most = most_choices(box)
    if box.kind == BallotKind.KNAPSACK:
        template = _("Chosen proposals: {count}. Money used: {used} of {cap}.")
        # {amount} is the money over the cap, written in kronor.
        over_template = _("You have chosen {amount} too much.")
        excess = used - cap
    elif box.kind == BallotKind.POINTS:
        template = _("Points used: {points} of {total}.")
        # {amount} is a number of points.
        over_template = _("You have given {amount} points too many.")
        excess = points - (box.total_points or 0)
    else:
        template = _("Chosen proposals: {count}.")
        # {amount} is a number of proposals.
        over_template = _("You have chosen too many proposals. Remove {amount}.")
        excess = count - most if most else 0
    text = template.format(
        count=count,
        used=format_kronor(used),
        cap=format_kronor(cap),
        points=points,
        total=box.total_points or 0,
    )
    over = excess > 0
    amount = format_kronor(excess) if box.kind == BallotKind.KNAPSACK else str(excess)
    return {
        "text": text,
        "template": template,
        "over": over,
        "over_text": over_template.format(amount=amount) if over else "",
        "over_template": over_template,
        "cap": cap,
        "count": count,
        # Money left for more proposals (knapsack only): what no longer fits is marked.
        "left": cap - used if box.kind == BallotKind.KNAPSACK else None,
    }
