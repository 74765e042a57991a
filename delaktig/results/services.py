"""Counting and publishing. A tally run is immutable; a recount is a new run."""

from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit.services import record
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.core.permissions import is_second_official, require
from delaktig.counting import count, pabulib
from delaktig.counting.options import RULES, Options
from delaktig.eligibility.queries import roll_size
from delaktig.following import services as following
from delaktig.voting import queries as voting_queries
from delaktig.voting.models import BallotBox
from delaktig.voting.services.sealing import seal_box

from .adapters import Election, build_election, counting_setup, text_digest
from .explanations import explain_outcome
from .file_errors import file_error_message
from .models import TallyRun


def _options(box, completion: str | None = None) -> Options:
    return Options(completion=completion or box.completion)


def _count(election: Election, rule: str, options: Options):
    return count(election.instance, election.profile, rule=rule, options=options)


def frozen_vote_counts(box) -> dict[str, int]:
    """Votes per proposal as the run saw them: points for points ballots, else ballots."""
    points = box.kind == "points"
    return {
        str(pk): (count.points if points else count.ballots)
        for pk, count in voting_queries.vote_counts(box).items()
    }


def frozen_turnout(box) -> dict:
    """Who took part, frozen with the run, because the retention purge deletes who voted and
    the roll: in all, per channel and per age band (from the roll, kept with who voted), and
    the roll the box had (None when the round has none) for the council report's reach."""
    turnout = voting_queries.turnout(box)
    roll = roll_size(box.budget_round, box.area)
    return {
        "total": turnout.total,
        "by_channel": dict(turnout.by_channel),
        "by_age_band": voting_queries.turnout_by_age_band([box.pk]).get(box.pk, {}),
        "roll": roll.as_dict() if roll is not None else None,
    }


def empty_ballot_message() -> str:
    return _("There were no proposals on this ballot, so there is nothing to count.")


def run_tally(*, by, box) -> TallyRun:
    """Count one ballot box with its locked rule and store the run as a draft."""
    box = BallotBox.objects.select_related("budget_round", "area").get(pk=box.pk)  # fresh rule
    budget_round = box.budget_round
    require("results.count", by, budget_round)
    if not box.proposals.exists():
        raise Conflict(empty_ballot_message())
    # Nothing is counted before the locators are cleared and the ballots rewritten in random
    # order (again if paper ballots were added since): the system does it, not the official.
    seal_box(box=box)
    box.refresh_from_db()
    election = build_election(box)
    rule, options = counting_setup(box)
    outcome = _count(election, rule, options)
    text = election.pabulib_text()  # frozen with the run: the file published and recounted
    with transaction.atomic():
        run = TallyRun.objects.create(
            box=box,
            rule=outcome.rule,
            options={"completion": options.completion, "tie_break": options.tie_break},
            library_version=outcome.library_version,
            input_digest=text_digest(text),
            pabulib_text=text,
            proposals=election.proposals(),
            ballot_count=len(election.profile.voter_class),
            outcome=outcome.to_dict(),
            vote_counts=frozen_vote_counts(box),
            turnout=frozen_turnout(box),
            receipt_hashes=voting_queries.receipt_hashes(box),
            created_by=by,
        )
        record(by, "result.counted", run, round_id=budget_round.pk, box=box.pk, rule=run.rule)
    return run


@dataclass(frozen=True)
class RuleComparison:
    rule: str
    selected: tuple[str, ...]
    cost: int
    satisfied_share: float  # share of voters with at least one funded choice (display only)


def satisfied_share(election: Election, selected: tuple[str, ...]) -> float:
    profile = election.profile
    n_voters = len(profile.voter_class)
    if not n_voters:
        return 0.0
    index = {pid: i for i, pid in enumerate(profile.project_ids)}
    chosen = np.zeros(len(profile.project_ids), dtype=bool)
    chosen[[index[pid] for pid in selected]] = True
    hits = chosen[profile.class_items].astype(np.int64)
    per_class = np.add.reduceat(hits, profile.class_indptr[:-1]) if len(hits) else hits
    lengths = np.diff(profile.class_indptr)
    per_class = np.where(lengths > 0, per_class, 0)
    satisfied = (per_class[profile.voter_class] > 0).sum()
    return float(satisfied) / n_voters


def compare_rules(box) -> list[RuleComparison]:
    """The winners under every rule, side by side, for officials before publishing."""
    election = build_election(box)
    rows = []
    for rule in RULES:
        options = _options(box) if rule == "mes" else Options()
        outcome = _count(election, rule, options)
        rows.append(
            RuleComparison(
                rule=outcome.rule,
                selected=outcome.selected,
                cost=int(outcome.cost),
                satisfied_share=satisfied_share(election, outcome.selected),
            )
        )
    return rows


class NeedsSecondOfficial(NotAllowed):
    """The reconciliation shows something to look at: publishing needs a second official."""

    def __init__(self, flags):
        super().__init__(
            _(
                "The reconciliation shows something that does not add up. A second case officer "
                "must check it and approve publishing the result."
            )
        )
        self.flags = flags


def publish_result(*, by, budget_round, approved_by=None) -> list[TallyRun]:
    """Publish the newest run of every ballot box. Published runs never change.

    While the reconciliation flags anything (voting/queries.round_flags), a second, different
    case officer must approve (`approved_by`, through the approvals app): one official alone
    cannot publish a result whose counts do not add up (issue 9)."""
    require("results.publish", by, budget_round)
    if budget_round.result_published_at:
        raise Conflict(_("The result is already published. A published result cannot change."))
    boxes = list(budget_round.ballot_boxes.all())
    if not boxes:
        raise Conflict(_("The round has no ballot box to publish a result for."))
    # A box with nothing on its ballot had no vote and has no count (issue 11, item 6): the
    # result page names it instead of showing an empty table.
    boxes = [box for box in boxes if box.proposals.exists()]
    if not boxes:
        raise Conflict(
            _("No ballot in the round has any proposals, so there is no result to publish.")
        )
    if voting_queries.open_paper_ballot_count(budget_round):
        raise Conflict(
            _(
                "Some paper ballots are not counted yet: they wait for a second entry or their "
                "entries differ. Finish or reject them, count again and then publish."
            )
        )
    flags = voting_queries.round_flags(budget_round)
    if flags and not is_second_official(
        by=by, approved_by=approved_by, permission="results.publish", obj=budget_round
    ):
        raise NeedsSecondOfficial(flags)
    now = timezone.now()
    with transaction.atomic():
        runs = []
        for box in boxes:
            run = box.tally_runs.select_for_update().order_by("-created_at", "-id").first()
            if run is None:
                raise Conflict(_("Count every ballot box before you publish the result."))
            if run.receipt_hashes != voting_queries.receipt_hashes(box):
                # A paper ballot was counted after this run: the run would leave it out.
                raise Conflict(
                    _("Ballots were added after the last count. Count again, then publish.")
                )
            run.published_at = now
            run.save(update_fields=["published_at"])
            runs.append(run)
        budget_round.result_published_at = now
        budget_round.save(update_fields=["result_published_at", "updated_at"])
        record(
            by,
            "result.published",
            budget_round,
            runs=[r.pk for r in runs],
            flags=len(flags),
            approved_by=approved_by.pk if approved_by else None,
        )
        following.record(
            budget_round,
            "result.published",
            title=budget_round.name,
            path=reverse("results:detail", kwargs={"slug": budget_round.slug}),
            process=budget_round,
        )
    return runs


@dataclass(frozen=True)
class FileCount:
    """The count of an uploaded Pabulib file; nothing is stored."""

    election: object
    outcome: object
    rows: list[dict]
    used: str
    budget: str


def _amount(value, currency: str) -> str:
    """12 320 PLN: whole units grouped Swedish style, in the file's own currency."""
    grouped = f"{round(value):,}".replace(",", "\u00a0")
    return f"{grouped}\u00a0{currency}"


def count_pabulib_file(*, by, upload, rule: str, completion: str) -> FileCount:
    """Parse and count a Pabulib file. A malformed file raises InvalidInput naming the line."""
    require("results.manage", by)
    try:
        election = pabulib.load(upload)
    except pabulib.PabulibError as error:
        problem = file_error_message(error)
        raise InvalidInput(
            _("The file cannot be read. %(problem)s") % {"problem": problem}
        ) from error
    except UnicodeDecodeError as error:
        raise InvalidInput(_("The file is not a text file in UTF-8.")) from error
    options = Options(completion=completion) if rule == "mes" else Options()
    outcome = count(election.instance, election.profile, rule=rule, options=options)
    explanations = explain_outcome(outcome.to_dict())
    selected = set(outcome.selected)
    currency = election.instance.meta.get("currency", "")
    rows = [
        {
            "id": project.id,
            "name": project.name or project.id,
            "cost": _amount(project.cost, currency),
            "funded": project.id in selected,
            "why": explanations.get(project.id, ""),
        }
        for project in election.instance.projects
    ]
    rows.sort(key=lambda r: (not r["funded"], r["name"]))
    return FileCount(
        election=election,
        outcome=outcome,
        rows=rows,
        used=_amount(outcome.cost, currency),
        budget=_amount(outcome.budget, currency),
    )
