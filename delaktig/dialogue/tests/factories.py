from django.utils import timezone

from delaktig.surveys.models import Quote, Theme
from delaktig.surveys.tests.factories import (
    QuestionFactory,
    SurveyFactory,
    dialogue_factory,
    stored_response,
)


def dialogue_with_quote(text="Mer information i tid, tack.", checked=True, **kwargs):
    """A published dialogue with a survey, a theme and one quote (checked unless told not)."""
    process = dialogue_factory(**kwargs)
    survey = SurveyFactory(process=process)
    question = QuestionFactory(survey=survey, kind="long_text")
    response = stored_response(survey, {question: text})
    theme = Theme.objects.create(survey=survey, name="Information")
    quote = Quote.objects.create(
        answer=response.answers.get(),
        theme=theme,
        text=text,
        checked_at=timezone.now() if checked else None,
    )
    return process, theme, quote
