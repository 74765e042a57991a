"""The texts of a round that officials may write in Swedish and English (issue 11), through
django-modeltranslation: `name_sv`/`name_en` and so on, and the decision a process informs;
`round.name` is the active language's, falling back to Swedish
(MODELTRANSLATION_FALLBACK_LANGUAGES)."""

from modeltranslation.translator import TranslationOptions, register

from .models import TRANSLATED_FIELDS, BudgetRound


@register(BudgetRound)
class BudgetRoundTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS
    required_languages = ("sv",)
