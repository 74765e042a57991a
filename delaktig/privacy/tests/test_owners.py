"""The list of apps that keep personal data is complete, and forgetting goes through it.

Every field in the project that points at a person is either emptied by an app in
`owners.OWNERS` (its `personal_data.USER_FIELDS`, each app's tests prove its `forget_user`
does it) or listed in `owners.LEFT_TO_ON_DELETE` with a reason. A new model with a user field
fails here until someone decides which.
"""

import importlib.util
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from delaktig.accounts.tests.factories import UserFactory
from delaktig.audit.models import AuditEvent
from delaktig.eligibility.tests.factories import InvitationFactory
from delaktig.following import services as following
from delaktig.forums.tests.factories import PostFactory
from delaktig.meetings.models import Registration as MeetingRegistration
from delaktig.meetings.tests.factories import MeetingFactory
from delaktig.privacy import owners, services
from delaktig.proposals.tests.factories import (
    CommentFactory,
    ProposalFactory,
    ReportFactory,
    SupportFactory,
)
from delaktig.surveys.locator import locator_for as survey_locator_for
from delaktig.surveys.models import Respondent, Response, Survey
from delaktig.voting.models import Ballot, PaperBallot, Participation
from delaktig.voting.services.casting import locator_for

from .factories import voted_round

# Models with personal data but no field pointing at a person, and the app whose `purge`
# deletes them with the round (tested in that app and in test_purge.py).
PURGED_WITH_THE_ROUND = {
    "eligibility.CensusEntry": "eligibility",
    "eligibility.Invitation": "eligibility",
    "surveys.FollowUpAddress": "surveys",
}
PERSONAL_FIELD_NAMES = {"email", "full_name", "personnummer_hash", "birth_date"}


def user_fields() -> set[str]:
    """Every field of every installed model that points at the user model."""
    user_model = get_user_model()
    return {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is user_model
    }


def forgotten_by_owners() -> list[str]:
    return [label for owner in owners.OWNERS for label in owner.USER_FIELDS]


def field(label: str):
    model, name = label.rsplit(".", 1)
    return apps.get_model(model)._meta.get_field(name)


def test_every_field_pointing_at_a_person_is_forgotten_or_left_with_a_reason():
    forgotten = forgotten_by_owners()
    left = set(owners.LEFT_TO_ON_DELETE)
    assert len(forgotten) == len(set(forgotten)), "a field is claimed by two apps"
    assert not set(forgotten) & left, "a field is both forgotten and left to on_delete"
    assert user_fields() - set(forgotten) - left == set(), "decide what happens to these"
    assert set(forgotten) | left <= user_fields(), "the list names fields that do not exist"


def test_what_is_left_to_on_delete_never_blocks_nor_silently_deletes_a_record():
    for label, reason in owners.LEFT_TO_ON_DELETE.items():
        assert reason.strip()
        user_field = field(label)
        if user_field.many_to_many:
            continue  # the row joining the person goes with the account
        assert user_field.remote_field.on_delete in (models.SET_NULL, models.DO_NOTHING), label


def test_every_model_with_personal_fields_is_covered():
    user_model = get_user_model()
    pointing = {label.rsplit(".", 1)[0] for label in user_fields()}
    for model in apps.get_models():
        if not model.__module__.startswith("delaktig.") or model is user_model:
            continue
        names = {f.name for f in model._meta.get_fields() if f.concrete}
        if names & PERSONAL_FIELD_NAMES and model._meta.label not in pointing:
            assert model._meta.label in PURGED_WITH_THE_ROUND, model._meta.label


def test_every_app_with_a_personal_data_module_is_on_the_list():
    listed = {owner.__name__ for owner in owners.OWNERS}
    for config in apps.get_app_configs():
        name = f"{config.name}.personal_data"
        if config.name.startswith("delaktig.") and importlib.util.find_spec(name):
            assert name in listed, f"{name} is not in privacy.owners.OWNERS"
    assert owners.OWNERS[-1].__name__ == "delaktig.accounts.personal_data"  # the account last
    assert set(PURGED_WITH_THE_ROUND.values()) <= {o.__name__.split(".")[1] for o in owners.OWNERS}


@pytest.mark.django_db
def test_the_purge_counts_of_all_apps_make_one_dict(official):
    budget_round, _box, _ = voted_round()
    labels = [
        label
        for owner in owners.OWNERS
        for label in owner.purge(process=budget_round, cutoff=timezone.now(), dry_run=True)
    ]
    assert len(labels) == len(set(labels)), "two apps count under one label"


@pytest.mark.django_db
def test_the_export_sections_of_all_apps_make_one_dict(resident):
    sections = [key for owner in owners.OWNERS for key in owner.export_user(user=resident)]
    assert len(sections) == len(set(sections)), "two apps export under one name"


@pytest.mark.django_db
def test_deleting_an_account_leaves_nothing_pointing_at_the_person(official):
    budget_round, box, proposals = voted_round()
    person = UserFactory()
    Participation.objects.create(box=box, voter=person)
    Ballot.objects.create(box=box, locator=locator_for(box, person))
    PaperBallot.objects.create(box=box, station="Biblioteket", voter=person, first_by=official)
    ProposalFactory(budget_round=budget_round, author=person)
    CommentFactory(proposal=proposals["A"], author=person)
    SupportFactory(proposal=proposals["B"], user=person)
    ReportFactory(proposal=proposals["C"], reporter=person)
    PostFactory(author=person)
    InvitationFactory(budget_round=budget_round, voter=person)
    Authenticator.objects.create(user=person, type=Authenticator.Type.RECOVERY_CODES, data={})
    LogEntry.objects.create(user=person, action_flag=ADDITION, object_repr="Omgång")
    survey = Survey.objects.create(
        process=budget_round,
        slug="enkat",
        title="Enkät",
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=1),
    )
    Respondent.objects.create(survey=survey, person=person, answered_on=timezone.localdate())
    response = Response.objects.create(
        survey=survey, submitted=True, locator=survey_locator_for(survey, person)
    )
    MeetingRegistration.objects.create(
        meeting=MeetingFactory(), user=person, name="Anna", email=person.email, status="registered"
    )
    following.follow(by=person, target=budget_round)
    following.record(budget_round, "result.published", title="Omgång", told=person)
    pk = person.pk
    assert all(
        field(label).model.objects.filter(**{field(label).attname: pk}).exists()
        for label in forgotten_by_owners()
    )

    counts = services.delete_account(by=person)

    assert counts == {
        "participations": 1,
        "locators": 1,
        "paper_ballots": 1,
        "images": 0,
        "supports": 1,
        "proposals": 1,
        "comments": 1,
        "reports": 1,
        "association_applications": 0,
        "association_contacts": 0,
        "follows": 1,
        "invitations": 1,
        "survey_respondents": 1,
        "survey_locators": 1,
        "follow_up_addresses": 0,
        "forum_posts": 1,
        "forum_posts_unpublished": 0,
        "meeting_registrations": 1,
        "meeting_invitations": 0,
        "accounts": 1,
    }
    response.refresh_from_db()
    assert response.locator is None and response.submitted  # the answer stays, found by no one
    for label in user_fields() - {"processes.BudgetRound.officials"}:
        found = field(label).model.objects.filter(**{field(label).attname: pk})
        if label == "audit.AuditEvent.actor":
            assert list(found.values_list("action", flat=True)) == ["account.deleted"]
        else:
            assert not found.exists(), label
    assert AuditEvent.objects.get(action="account.deleted").data == counts
