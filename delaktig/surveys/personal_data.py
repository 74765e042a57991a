"""What the surveys app keeps about people, and how it forgets them (the privacy app's
contract, delaktig.privacy.owners).

Responses carry no person (ADR 0005). What points at a person: `Respondent` (that someone
answered a survey), a response's `locator` (their way back to it), and the e-mail addresses
left to be told what came of a dialogue (`FollowUpAddress`). Free-text answers may hold
personal data the respondent wrote themselves; the retention purge empties those that were not
published as quotes.
"""

from datetime import datetime

from django.db import transaction

from delaktig.proposals.personal_data import round_ref

from .exports import export_storage
from .locator import locator_for
from .models import Answer, FollowUpAddress, Quote, Respondent, Response, SurveyExport

USER_FIELDS = ("surveys.Respondent.person",)


def forget_users(*, users) -> dict[str, int]:
    """Before the accounts go: their responses stay (anonymous, counted) but can no longer be
    found by anyone; the record that they answered goes, and so do addresses they left."""
    with transaction.atomic():
        respondents = Respondent.objects.filter(person__in=users).select_related("survey", "person")
        locators = [locator_for(r.survey, r.person) for r in respondents]
        # A draft never sent is nobody's answer: it goes with the person (before the locators
        # are cleared, or it could no longer be found). A draft has no respondent yet, so the
        # person's drafts are found through every survey still open.
        drafts = [locator_for(s, u) for u in users for s in _surveys_with_drafts()]
        Response.objects.filter(locator__in=locators + drafts, submitted=False).delete()
        unlinked = (
            Response.objects.filter(locator__in=locators).update(locator=None) if locators else 0
        )
        _total, per_model = respondents.delete()
        emails = [u.email for u in users if getattr(u, "email", "")]
        addresses, _per = FollowUpAddress.objects.filter(email__in=emails).delete()
    return {
        "survey_respondents": per_model.get(Respondent._meta.label, 0),
        "survey_locators": unlinked,
        "follow_up_addresses": addresses,
    }


def _surveys_with_drafts():
    from .models import Survey

    return Survey.objects.filter(responses__submitted=False).distinct()


def forget_user(*, user) -> dict[str, int]:
    return forget_users(users=[user])


def purge(*, process, cutoff: datetime, dry_run: bool = False) -> dict[str, int]:
    """The retention purge of a process: exported answer files, who answered, the locators,
    the addresses left, the drafts never sent, and free text not published as a quote. Counts
    and chosen answers stay for the published report."""
    respondents = Respondent.objects.filter(survey__process=process)
    locators = Response.objects.filter(survey__process=process, locator__isnull=False)
    drafts = Response.objects.filter(survey__process=process, submitted=False)
    addresses = FollowUpAddress.objects.filter(survey__process=process)
    quoted = Quote.objects.filter(answer__response__survey__process=process).values("answer")
    free_text = (
        Answer.objects.filter(response__survey__process=process)
        .exclude(text="")
        .exclude(pk__in=quoted)
    )
    exports = SurveyExport.objects.filter(survey__process=process)
    if dry_run:
        return {
            "survey_exports": exports.count(),
            "survey_respondents": respondents.count(),
            "survey_locators": locators.count(),
            "survey_drafts": drafts.count(),
            "follow_up_addresses": addresses.count(),
            "free_text_answers": free_text.count(),
        }
    storage = export_storage()
    for name in exports.exclude(file_name="").values_list("file_name", flat=True):
        storage.delete(name)  # the exported answers' files, not only their rows
    with transaction.atomic():
        counts = {
            "survey_exports": exports.delete()[0],
            "survey_respondents": respondents.delete()[0],
            "survey_locators": locators.update(locator=None),
            "survey_drafts": drafts.delete()[1].get(Response._meta.label, 0),
            "follow_up_addresses": addresses.delete()[0],
            "free_text_answers": free_text.update(text=""),
        }
    return counts


def export_user(*, user) -> dict[str, list]:
    """Which surveys the person answered, and when; never what (the response has no person)."""
    rows = Respondent.objects.filter(person=user).select_related("survey__process")
    return {
        "survey_answers": [
            {
                "round": round_ref(r.survey.process),
                "survey": r.survey.title,
                "answered": r.answered_on.isoformat(),
            }
            for r in rows.order_by("answered_on", "pk")
        ]
    }
