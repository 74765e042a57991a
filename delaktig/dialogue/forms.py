from django import forms
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from delaktig.core.forms import AccessibleErrorsMixin
from delaktig.meetings.models import Meeting, MeetingStatus
from delaktig.surveys.models import TEXT_KINDS, Question, Quote, Survey, Theme

from .models import BlockKind


class TitleForm(AccessibleErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title of the report"), max_length=200)


class BlockForm(AccessibleErrorsMixin, forms.Form):
    """The fields of one kind of block; a theme block offers the dialogue's themes and its
    quotes checked for personal data."""

    heading = forms.CharField(label=_("Heading"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=_("Markdown: # heading, - list, **bold**, [link](https://…)."),
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), required=False)
    question = forms.ModelChoiceField(
        label=_("Question"),
        queryset=Question.objects.none(),
        required=False,
        help_text=_(
            "Its chart and table, under the rule of the smallest group: what fewer than K "
            "answered is not shown."
        ),
    )
    survey = forms.ModelChoiceField(
        label=_("Survey"), queryset=Survey.objects.none(), required=False
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_(
            "The dialogue's meetings whose notes are published. Its key points are cited with its "
            "kind, date, number of participants and a link to the meeting's page."
        ),
        error_messages={"invalid_choice": _("Choose one of the dialogue's meetings.")},
    )
    quotes = forms.ModelMultipleChoiceField(
        label=_("Quotes"),
        queryset=Quote.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only quotes checked for personal data can be chosen."),
    )

    def __init__(self, *args, process, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == BlockKind.QUESTION:
            self.fields["question"].queryset = (
                Question.objects.filter(survey__process=process)
                .exclude(kind__in=TEXT_KINDS)
                .select_related("survey")
                .order_by("survey", "position", "pk")
            )
            self.fields["question"].label_from_instance = lambda q: f"{q.survey.title}: {q.text}"
            self.fields["question"].required = True
        else:
            del self.fields["question"]
        if kind == BlockKind.FIGURES:
            self.fields["survey"].queryset = Survey.objects.filter(process=process)
            self.fields["survey"].required = True
        else:
            del self.fields["survey"]
        if kind == BlockKind.MEETINGS:
            self.fields["meeting"].queryset = Meeting.objects.filter(
                process=process,
                status=MeetingStatus.PUBLISHED,
                notes_published_at__isnull=False,
            ).order_by("starts_at", "pk")
            self.fields["meeting"].label_from_instance = lambda m: (
                f"{m.title} ({date_format(localtime(m.starts_at), 'j F Y')})"
            )
            self.fields["meeting"].required = True
        else:
            del self.fields["meeting"]
        if kind in (BlockKind.QUESTION, BlockKind.FIGURES, BlockKind.MEETINGS):
            self.fields["body"].label = _("Text before it")
        if kind == BlockKind.THEME:
            self.fields["theme"].queryset = Theme.objects.filter(survey__process=process)
            self.fields["theme"].required = True
            self.fields["quotes"].queryset = Quote.objects.filter(
                answer__response__survey__process=process, checked_at__isnull=False
            ).select_related("theme")
            self.fields["quotes"].label_from_instance = lambda quote: (
                f"{quote.text} ({quote.theme})" if quote.theme_id else quote.text
            )
            self.fields["body"].label = _("Summary of the theme")
        else:
            del self.fields["theme"], self.fields["quotes"]
            self.fields["body"].required = kind in (BlockKind.TEXT, BlockKind.NEXT_STEPS)
        if kind == BlockKind.NEXT_STEPS:
            self.fields["heading"].initial = _("What happens now?")


class PublishForm(AccessibleErrorsMixin, forms.Form):
    change_note = forms.CharField(
        label=_("What changed since the published version?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
        help_text=_("Shown with the new version, so readers see what was corrected."),
    )


class FeedbackForm(AccessibleErrorsMixin, forms.Form):
    decided = forms.CharField(
        label=_("What was decided?"), widget=forms.Textarea(attrs={"rows": 5})
    )
    used = forms.CharField(
        label=_("Which of the views were used, and how?"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    not_done = forms.CharField(
        label=_("What was not done, and why?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
