"""Immutable tally runs. A recount is a new run; a published run never changes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TallyRunQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class ImmutableRunError(Exception):
    pass


class TallyRun(models.Model):
    box = models.ForeignKey("voting.BallotBox", on_delete=models.PROTECT, related_name="tally_runs")
    rule = models.CharField(_("rule"), max_length=32)
    options = models.JSONField(_("options"), default=dict)
    library_version = models.CharField(max_length=32)
    input_digest = models.CharField(_("input digest (SHA-256)"), max_length=64)
    ballot_count = models.PositiveIntegerField(_("ballots"))
    outcome = models.JSONField(_("outcome"))
    # {proposal id: votes (ballots naming it) or points}, frozen with the run.
    vote_counts = models.JSONField(_("votes per proposal"), default=dict)
    # {"total": n, "by_channel": {"online": n, "paper": n}, "by_age_band": {band: n}, "roll":
    # {"source", "total", "by_age_band"} or None} when counted (services.frozen_turnout): the
    # published turnout and reach stay what they were after the retention purge deletes who
    # voted and the roll. Runs counted before the age bands have only total and by_channel.
    turnout = models.JSONField(_("turnout"), default=dict)
    # The receipt hashes of the counted ballots, sorted, frozen with the run. Published apart
    # from the ballots' content: a voter checks their code without showing how they voted.
    receipt_hashes = models.JSONField(_("receipt hashes"), default=list)
    # What was counted, frozen with the run, so that a published result shows and hands out what
    # it counted even if a proposal's title or cost is edited afterwards: the exact .pb file
    # (its SHA-256 is input_digest; empty in runs made before it was kept) and the proposals as
    # [[id, title, cost], ...] in the file's order.
    pabulib_text = models.TextField(_("ballots file (.pb)"), blank=True, default="")
    proposals = models.JSONField(_("proposals as counted"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = TallyRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("count")
        verbose_name_plural = _("counts")

    def __str__(self):
        return f"{self.box} {self.rule} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        """A run is written once; afterwards only its publication date may be set, once."""
        if self.pk is not None:
            if kwargs.get("update_fields") != ["published_at"]:
                raise ImmutableRunError("A tally run cannot change; count again instead.")
            stored = type(self).objects.filter(pk=self.pk).values_list("published_at", flat=True)
            if stored.first() is not None:
                raise ImmutableRunError("A published tally run cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.published_at is not None:
            raise ImmutableRunError("A published tally run cannot be deleted.")
        return super().delete(*args, **kwargs)
