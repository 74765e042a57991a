"""Ballot boxes, who voted (Participation) and what was voted (Ballot), kept apart.

Nothing in the database joins a Ballot to a person: a Ballot has a random UUID, no voter and
no timestamp. A voter finds their own ballot again (to change it) through `locator`, a keyed
hash of (box, voter) whose key lives in settings, never in the database. See docs/adr/0001.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from delaktig.eligibility.age_bands import AgeBand


class BallotKind(models.TextChoices):
    APPROVAL = "approval", _("Approval: choose the proposals you like")
    KNAPSACK = "knapsack", _("Budget: choose proposals within the money")
    POINTS = "points", _("Points: spread points over proposals")
    RANKING = "ranking", _("Ranking: put proposals in order")


class CountingRule(models.TextChoices):
    GREEDY = "greedy", _("Most votes first (greedy)")
    MES = "mes", _("Method of Equal Shares")
    PHRAGMEN = "phragmen", _("Sequential Phragmén")


class Completion(models.TextChoices):
    NONE = "none", _("None")
    ADD1 = "add1", _("Raise the voters' budget step by step (add1)")
    ADD1_UTILITARIAN = "add1-utilitarian", _("add1, then fill with most votes")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper")


class BallotBox(models.Model):
    """One vote: the whole round, or one area when areas vote separately."""

    budget_round = models.ForeignKey(
        "processes.BudgetRound", on_delete=models.CASCADE, related_name="ballot_boxes"
    )
    area = models.OneToOneField(
        "processes.Area",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ballot_box",
    )
    kind = models.CharField(_("ballot kind"), max_length=16, choices=BallotKind.choices)
    min_choices = models.PositiveSmallIntegerField(_("least number of choices"), default=1)
    max_choices = models.PositiveSmallIntegerField(
        _("most number of choices"), null=True, blank=True
    )
    max_cost_per_proposal = models.PositiveBigIntegerField(
        _("most a proposal may cost (kr)"), null=True, blank=True
    )
    spending_cap = models.PositiveBigIntegerField(
        _("most a voter may spend (kr)"),
        null=True,
        blank=True,
        help_text=_("Budget ballots only. Empty: the budget of the box."),
    )
    total_points = models.PositiveSmallIntegerField(_("points per voter"), null=True, blank=True)
    max_points_per_proposal = models.PositiveSmallIntegerField(
        _("most points on one proposal"), null=True, blank=True
    )
    rank_count = models.PositiveSmallIntegerField(
        _("number of places to rank"),
        null=True,
        blank=True,
        help_text=_("Ranking ballots only: the voter puts up to this many proposals in order."),
    )
    counting_rule = models.CharField(
        _("counting rule"), max_length=16, choices=CountingRule.choices, default=CountingRule.GREEDY
    )
    completion = models.CharField(
        _("completion (Equal Shares)"),
        max_length=20,
        choices=Completion.choices,
        default=Completion.ADD1,
    )
    proposals = models.ManyToManyField(
        "proposals.Proposal",
        verbose_name=_("proposals on the ballot"),
        blank=True,
        related_name="ballot_boxes",
    )
    # How many ballots the box held when they were last rewritten in random order with the
    # locators cleared (services.seal_box); None until voting has closed and the box is sealed.
    sealed_ballots = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("ballot box")
        verbose_name_plural = _("ballot boxes")
        constraints = [
            models.UniqueConstraint(
                fields=["budget_round"], condition=Q(area__isnull=True), name="one_round_wide_box"
            )
        ]

    def __str__(self):
        return f"{self.budget_round} – {self.area}" if self.area_id else str(self.budget_round)

    @property
    def budget(self) -> int:
        return self.area.budget if self.area_id else self.budget_round.total_budget

    @property
    def effective_spending_cap(self) -> int:
        return self.spending_cap or self.budget


class Participation(models.Model):
    """Who voted in a box, when and how. Never what."""

    box = models.ForeignKey(BallotBox, on_delete=models.CASCADE, related_name="participations")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    # The voter's age band as the roll gave it when they first voted (eligibility.checks.
    # roll_age_band); "" when the roll does not say. For the turnout by age band (the council
    # report): kept here, with who voted, and never with the ballot (docs/adr/0001).
    age_band = models.CharField(max_length=8, choices=AgeBand.choices, blank=True, default="")
    cast_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["box", "voter"], name="one_participation_per_box")
        ]

    def __str__(self):
        return f"{self.voter_id} @ {self.box_id}"


class Ballot(models.Model):
    """What was voted. No voter, no time; a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    box = models.ForeignKey(BallotBox, on_delete=models.CASCADE, related_name="ballots")
    locator = models.CharField(max_length=64, unique=True, null=True, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    # SHA-256 of the receipt code shown once to the voter; a new code when the ballot changes.
    receipt_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self):
        return str(self.id)


class SupersededReceipt(models.Model):
    """The keyed hash of a receipt whose ballot the voter later changed. The receipt check
    answers the same for it as for a counted one, so a vote buyer who watched a voter vote and
    noted the receipt cannot learn whether the voter changed their vote afterwards (issue 9).
    No ballot, no voter, no time; rewritten in random order when the box is sealed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    box = models.ForeignKey(BallotBox, on_delete=models.CASCADE, related_name="+")
    receipt_hash = models.CharField(max_length=64, db_index=True)

    def __str__(self):
        return str(self.id)


class BallotChoice(models.Model):
    """One proposal on one ballot, with points (cumulative) or position (ranking, 1 = first).

    The key is random too: a sequential key would follow the order of casting and so could be
    lined up with Participation.cast_at.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    proposal = models.ForeignKey("proposals.Proposal", on_delete=models.CASCADE, related_name="+")
    value = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "proposal"], name="proposal_once_per_ballot")
        ]

    def __str__(self):
        return f"{self.proposal_id}={self.value}"


class PaperStation(models.Model):
    """A voting station of a round and how many paper ballots its ballot box held, registered
    before voting closes. After the close paper ballots are entered only for registered
    stations and only up to their number (issue 9: no official can add ballots afterwards)."""

    budget_round = models.ForeignKey(
        "processes.BudgetRound", on_delete=models.CASCADE, related_name="paper_stations"
    )
    name = models.CharField(_("voting station"), max_length=100)
    ballots = models.PositiveIntegerField(_("paper ballots in its ballot box"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("voting station")
        verbose_name_plural = _("voting stations")
        constraints = [
            models.UniqueConstraint(fields=["budget_round", "name"], name="station_once_per_round")
        ]

    def __str__(self):
        return self.name


class PaperStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the second entry")
    MISMATCH = "mismatch", _("The two entries differ")
    COUNTED = "counted", _("Counted")
    REJECTED = "rejected", _("Rejected")


OPEN_PAPER_STATUSES = (PaperStatus.PENDING, PaperStatus.MISMATCH)


class PaperBallot(models.Model):
    """A paper ballot from a voting station, typed in twice before it counts.

    While the entry is open (pending or mismatch) it holds the voter and the typed choices: the
    voter's participation is reserved, and a wrong entry can be rejected, which frees the voter.
    When the ballot is counted (or rejected) the voter, the typed choices and the receipt hash
    are erased from the entry, so no row joins a person to a counted ballot. There is no key
    from this entry to the `Ballot` it becomes. See docs/adr/0001.
    """

    box = models.ForeignKey(BallotBox, on_delete=models.CASCADE, related_name="paper_ballots")
    station = models.CharField(_("voting station"), max_length=100)
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_choices = models.JSONField(null=True, blank=True)  # {proposal id: value}
    first_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    second_choices = models.JSONField(null=True, blank=True)
    second_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=PaperStatus.choices, default=PaperStatus.PENDING
    )
    # Set when the entries differed and someone typed the ballot a third time.
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mismatched = models.BooleanField(default=False)  # the two entries differed
    same_person = models.BooleanField(default=False)  # both entries by one official: less safe
    receipt_hash = models.CharField(max_length=64, blank=True)  # moves to the Ballot when counted
    rejection_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("paper ballot")
        verbose_name_plural = _("paper ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["box", "voter"],
                condition=Q(status__in=["pending", "mismatch"]),
                name="one_open_paper_entry_per_voter",
            )
        ]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        """The entry number officials write on the paper ballot, e.g. P-42."""
        return f"P-{self.pk}"
