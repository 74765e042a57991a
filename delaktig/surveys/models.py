"""Surveys: what the municipality asks, and what people answered (ADR 0005).

Who answered and what was answered are two tables, as for the secret ballot (ADR 0001):

- `Respondent(survey, person, channel, answered_on)` says who answered a survey where people
  are known (signed in). One per person per survey, by a database constraint.
- `Response(survey, ...)` and its `Answer`s say what was answered. Random keys, no person, no
  time. A signed-in respondent finds their own response again (to change it, or to go on with
  a saved draft) through `locator`, a keyed hash (settings.SURVEY_LOCATOR_KEY, never in the
  database); locators are cleared when the survey closes.

A response keeps only the coarse facts the analysis breaks answers down by (district, unit,
age band, channel); no page, chart or export shows a group of fewer than `Survey.min_group_size`
answers (surveys.analysis).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delaktig.core.models import TimeStamped
from delaktig.eligibility.age_bands import AgeBand


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Purpose(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    NEEDS = "needs", _("Needs survey (before proposals)")
    EVALUATION = "evaluation", _("Evaluation (after the result)")


class Access(models.TextChoices):
    ANYONE = "anyone", _("Anyone, without signing in")
    SIGNED_IN = "signed_in", _("Everyone who is signed in")
    PROCESS = "process", _("Those who may take part in the round or dialogue")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("On paper")
    INTERVIEW = "interview", _("Interview")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    SCALE = "scale", _("Scale")
    MATRIX = "matrix", _("Several statements on one scale")
    RANKING = "ranking", _("Ranking")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
SCALE_KINDS = (QuestionKind.SCALE, QuestionKind.MATRIX)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
SHORT_TEXT_MAX = 200


class SurveyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=SurveyStatus.PUBLISHED, process__status="published")


class Survey(TimeStamped):
    process = models.ForeignKey(
        "processes.BudgetRound", on_delete=models.CASCADE, related_name="surveys"
    )
    slug = models.SlugField(_("web address"), max_length=80)
    title = models.CharField(_("title"), max_length=150)
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("What the survey is about and what the answers will be used for."),
    )
    purpose = models.CharField(
        _("purpose"), max_length=16, choices=Purpose.choices, default=Purpose.CONSULTATION
    )
    access = models.CharField(
        _("who may answer"), max_length=16, choices=Access.choices, default=Access.ANYONE
    )
    # K: no output shows a group of fewer answers than this (surveys.analysis).
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=5,
        validators=[MinValueValidator(3), MaxValueValidator(50)],
        help_text=_(
            "No result, chart or export shows a group with fewer answers than this, so that "
            "nobody's answers can be picked out."
        ),
    )
    # Empty: the survey follows the dialogue's "open for views" phase.
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    free_text_max = models.PositiveIntegerField(
        _("longest free-text answer (characters)"),
        default=2000,
        validators=[MinValueValidator(SHORT_TEXT_MAX), MaxValueValidator(10000)],
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # How many responses the last seal rewrote (services.sealing); None until the survey has
    # closed and been sealed. A paper answer entered after that makes the count differ, and
    # the next seal rewrites again.
    sealed_responses = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Everyone may see the results page (surveys.rules: surveys.view_survey_results), under
    # the same K rule as officials (surveys.analysis).
    results_public = models.BooleanField(
        _("show the results to everyone while the survey is open and after it has closed"),
        default=False,
    )
    # Answers are kept until then; the retention command deletes them and their free text.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["process", "opens_at", "pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="survey_slug_unique"),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        from .component import CONSULT

        if self.process_id is None:
            return
        if self.opens_at and self.closes_at:
            return
        if not self.process.holds("consultation"):
            raise ValidationError(
                _("A survey in a budget round needs its own opening and closing dates."),
                code="dates_needed",
            )
        if self.process.phase_of_kind(CONSULT) is None:
            raise ValidationError(
                _("Give the survey dates, or give the dialogue an “open for views” phase."),
                code="dates_needed",
            )

    @property
    def is_published(self) -> bool:
        return self.status == SurveyStatus.PUBLISHED and self.process.is_published

    @property
    def budget_round(self):
        """The process, under the name the shared round predicates ask for
        (processes.rules.round_of), so they apply to a survey as to a proposal."""
        return self.process

    def answers_are_final(self) -> bool:
        """Closed and sealed: no one can answer or change an answer any more, and the stored
        facts are as coarse as K allows. Only then may officials read free text or export the
        answers: two readings while people still answer would show, by their difference, what
        the one person who answered in between said (issue 12 review)."""
        return self.has_closed() and self.sealed_responses is not None

    def is_locked(self) -> bool:
        """Once someone has sent in an answer, the questions, their options, statements,
        kinds, conditions and order are frozen (a typo fix of a text stays allowed), so that
        every answer is to the same questions."""
        return self.responses.filter(submitted=True).exists()

    def window(self):
        """(opens, closes) of answering: the survey's own dates, else the dialogue's open
        phase. Either may be None (not set; open-ended)."""
        from .component import CONSULT

        opens, closes = self.opens_at, self.closes_at
        phase = self.process.phase_of_kind(CONSULT)
        if phase is not None:
            opens = opens or phase.starts_at
            closes = closes or phase.ends_at
        return opens, closes

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        opens, closes = self.window()
        return (
            self.is_published
            and opens is not None
            and opens <= at
            and (closes is None or at < closes)
        )

    def has_closed(self, at=None) -> bool:
        _opens, closes = self.window()
        return closes is not None and closes <= (at or timezone.now())


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=150)
    intro = models.TextField(_("introduction"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.title


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind of question"), max_length=16, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    # Several choices: how many at least / at most (empty: no limit).
    min_choices = models.PositiveSmallIntegerField(_("fewest choices"), null=True, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("most choices"), null=True, blank=True)
    # One or several choices: an "other" option with a text of its own.
    allow_other = models.BooleanField(_("offer “other” with a text"), default=False)
    # Scale and matrix: the steps, the labels of the two ends, and "don't know".
    scale_min = models.SmallIntegerField(_("lowest value"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("highest value"), null=True, blank=True)
    scale_min_label = models.CharField(_("label of the lowest value"), max_length=60, blank=True)
    scale_max_label = models.CharField(_("label of the highest value"), max_length=60, blank=True)
    allow_dont_know = models.BooleanField(_("offer “don't know”"), default=False)
    # Shown only when the answer to an earlier one- or several-choice question is one of
    # `show_if_options` (empty: always shown).
    show_if_question = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependent_questions",
        verbose_name=_("shown only after the question"),
    )
    show_if_options = models.ManyToManyField(
        "Option", blank=True, related_name="+", verbose_name=_("and the answer")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_min__isnull=True)
                | Q(scale_max__isnull=True)
                | Q(scale_max__gt=models.F("scale_min")),
                name="scale_max_above_min",
            ),
            models.CheckConstraint(
                condition=Q(min_choices__isnull=True)
                | Q(max_choices__isnull=True)
                | Q(max_choices__gte=models.F("min_choices")),
                name="max_choices_not_below_min",
            ),
        ]

    def __str__(self):
        return self.text


class Option(models.Model):
    """A choice of a one- or several-choice question, or an item to rank."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("option"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")

    def __str__(self):
        return self.text


class Statement(models.Model):
    """A row of a matrix question: one statement answered on the question's scale."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(_("statement"), max_length=300)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self):
        return self.text


class Respondent(models.Model):
    """Who answered a survey (where people are known). Never what."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="respondents")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_answers"
    )
    # To the day only: a time could be lined up with the order responses were stored in.
    answered_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="one_answer_per_person")
        ]

    def __str__(self):
        return f"{self.person_id} @ {self.survey_id}"


class Response(models.Model):
    """What one person answered. No person, no time; a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # HMAC of survey and person under BALLOT_LOCATOR_KEY (prefix "survey:"): a signed-in
    # respondent's way back to their own response. Empty for anonymous and paper answers, and
    # once the survey has closed.
    locator = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # False: a saved draft, not yet sent; not counted, not shown anywhere.
    submitted = models.BooleanField(default=False)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    # What the analysis may break answers down by; empty when not known.
    district = models.ForeignKey(
        "accounts.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    age_band = models.CharField(max_length=8, choices=AgeBand.choices, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["survey", "submitted"], name="response_survey_sent")]

    def __str__(self):
        return str(self.id)


class Answer(models.Model):
    """One answer within a response.

    - one or several choices: one row per chosen option (`option`), or `text` for "other";
    - scale: `number` (empty: "don't know");
    - matrix: one row per statement (`statement`, `number`);
    - ranking: one row per option with its place in `number` (1 = first);
    - free text: `text`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        Option, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    themes = models.ManyToManyField("Theme", blank=True, related_name="answers")

    class Meta:
        indexes = [
            models.Index(fields=["question", "option"], name="answer_question_option"),
            # Covers what an export reads of a response's answers (surveys.exports) and the
            # results' counts (surveys.analysis): the rows are found without reading the table
            # (exports 5 times faster on SQLite; results 52 s → 8 s at 50 000 responses).
            models.Index(
                fields=["response", "question", "option", "statement", "number"],
                name="answer_response_cells",
            ),
        ]

    def __str__(self):
        return str(self.id)


class Theme(models.Model):
    """A theme officials tag free-text answers with ("Information", "Trygghet")."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("theme"), max_length=80)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [models.UniqueConstraint(fields=["survey", "name"], name="theme_name_unique")]

    def __str__(self):
        return self.name


class Quote(models.Model):
    """A free-text answer chosen for the report, as it will be published: redacted by an
    official after Delaktig flagged what looked like personal data (surveys.personal_data)."""

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="quote")
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    text = models.TextField(_("text as published"))
    # Set when an official confirmed the text holds no personal data (after redacting).
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self):
        return self.text[:60]

    @property
    def audit_label(self) -> str:
        # The log is kept for ever; a quote's text may hold personal data until redacted.
        return f"quote {self.pk}"


class FollowUpAddress(models.Model):
    """An e-mail address a respondent left to be told what came of the dialogue ("Ni sa – vi
    gjorde"). Stored apart from the response: no response, no time, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="follow_up_addresses")
    email = models.EmailField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "email"], name="follow_up_address_once")
        ]

    def __str__(self):
        return str(self.id)


class SurveyExport(models.Model):
    """A file of a survey's answers (CSV or XLSX) the task queue makes for an official when
    the survey has many answers (surveys.exports). Kept in private storage, never under
    MEDIA_ROOT; a new request deletes files older than a day."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to be made")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Could not be made")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(max_length=4, choices=Format.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.WAITING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=200, blank=True)  # in exports.export_storage()
    rows = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"#{self.pk}"
