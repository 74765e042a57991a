"""A dialogue as a process of its own (issue 12): the decision it informs, its task list without
money or a ballot, texts that fit the kind, and its way from the forms to published."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from delaktig.accounts.tests.factories import UserFactory
from delaktig.audit.models import AuditEvent
from delaktig.core.errors import InvalidInput
from delaktig.processes import components, phases, services, setup
from delaktig.processes.models import BudgetRound, Phase
from delaktig.processes.templatetags.rounds import phase_state
from delaktig.processes.tests.factories import BudgetRoundFactory, round_in_phase, set_phases

pytestmark = pytest.mark.django_db

DECISION = {
    "decision_body": "Kommunstyrelsen",
    "decision_subject": "budget 2027",
    "decision_when": "juni 2027",
}


def dialogue(**kwargs):
    return BudgetRoundFactory(kind=components.DIALOGUE, total_budget=None, **kwargs)


def html(response) -> str:
    return response.content.decode()


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


class TestTheDecision:
    def test_the_sentence_needs_all_three_parts(self):
        process = dialogue(**DECISION)
        assert process.informs_decision
        assert process.decision_sentence() == "Kommunstyrelsen beslutar om budget 2027, juni 2027."
        process.decision_when = ""
        assert not process.informs_decision and process.decision_sentence() == ""

    def test_a_dialogue_cannot_be_published_without_the_decision(self):
        process = set_phases(dialogue(status="draft"), None)
        problems = [str(p) for p in process.publish_problems()]
        assert problems == [
            "Ange vilket beslut dialogen ska påverka: vem som beslutar, om vad och när "
            "(under Uppgifter)."
        ]

    def test_a_dialogue_cannot_be_published_without_its_open_phase(self):
        process = dialogue(status="draft", **DECISION)
        now = timezone.now()
        Phase.objects.create(budget_round=process, kind="inform", starts_at=now, ends_at=None)
        assert [str(p) for p in process.publish_problems()] == [
            "Tidsplanen behöver fasen ”Öppen för synpunkter”."
        ]

    def test_a_budget_round_needs_no_decision(self):
        budget_round = round_in_phase(None, status="draft")
        assert budget_round.publish_problems() == []

    def test_nothing_can_be_published_without_a_timetable(self):
        assert [str(p) for p in dialogue(status="draft", **DECISION).publish_problems()] == [
            "Lägg in faserna med datum innan du publicerar."
        ]

    def test_the_service_refuses_with_the_reasons(self, official):
        process = set_phases(dialogue(status="draft"), None)
        with pytest.raises(InvalidInput, match="vilket beslut dialogen ska påverka"):
            services.publish_round(by=official, budget_round=process)
        process.refresh_from_db()
        assert not process.is_published
        assert not AuditEvent.objects.filter(action="round.published").exists()

    def test_the_decision_is_written_in_two_languages(self, official):
        process = dialogue(status="draft")
        services.update_round(
            by=official,
            budget_round=process,
            data={**DECISION, "decision_body_en": "The Municipal Executive Board"},
        )
        process.refresh_from_db()
        assert process.decision_body_sv == "Kommunstyrelsen"
        assert process.decision_body_en == "The Municipal Executive Board"


class TestTextsPerKind:
    def test_the_information_phase_speaks_of_proposals_only_in_a_budget_round(self):
        inform = phases.kind(phases.INFORM)
        assert "förslag" in str(inform.can_do(components.BUDGET))
        assert "förslag" not in str(inform.can_do(components.DIALOGUE))
        assert "synpunkter" in str(inform.can_do(components.DIALOGUE))

    def test_the_banner_of_a_dialogue_says_dialogue(self):
        not_started = set_phases(dialogue(), None)
        assert str(phase_state(not_started)["can_do"]) == "Dialogen har inte börjat än."
        informing = set_phases(dialogue(), "inform")
        assert "synpunkter" in str(phase_state(informing)["can_do"])
        ended = dialogue()
        past = timezone.now() - timedelta(days=30)
        for i, kind in enumerate(("inform", "consult", "analysis")):
            Phase.objects.create(
                budget_round=ended,
                kind=kind,
                starts_at=past + timedelta(days=5 * i),
                ends_at=past + timedelta(days=5 * i + 5),
            )
        assert str(phase_state(ended)["can_do"]) == "Dialogen är avslutad."
        assert (
            str(phase_state(round_in_phase(None))["can_do"]) == "Budgetomgången har inte börjat än."
        )

    def test_the_process_page_of_a_dialogue_has_no_money_and_no_vote(self, client):
        process = set_phases(dialogue(name="Trygg i Nässjö", **DECISION), "consult")
        content = html(client.get(process.get_absolute_url()))
        assert "Medborgardialog" in content
        assert "Det här ska dialogen påverka" in content
        assert "Kommunstyrelsen beslutar om budget 2027, juni 2027." in content
        assert "Om dialogen" in content and "Om omgången" not in content
        assert "Svara senast" in content  # the open phase's primary action
        for budget_word in ("Rösta", " kr", "Förslag", "Resultat"):
            assert budget_word not in content, budget_word

    def test_a_budget_round_page_is_as_before(self, client):
        budget_round = round_in_phase("vote")
        content = html(client.get(budget_round.get_absolute_url()))
        assert "Om omgången" in content and "Rösta senast" in content
        assert "Det här ska dialogen påverka" not in content


class TestTaskList:
    def test_a_budget_round_keeps_its_steps(self):
        titles = [s.title for s in setup.steps(round_in_phase(None, status="draft"))]
        assert titles == [
            "Uppgifter",
            "Områden och deras pengar",
            "Vem får delta",
            "Tidsplan",
            "Röstsedel och räkneregel",
            "Förhandsgranska och publicera",
            "Öppna omröstningen",
        ]

    def test_a_dialogue_has_no_money_areas_or_ballot(self):
        steps = setup.steps(dialogue(status="draft"))
        assert [s.title for s in steps] == [
            "Uppgifter och beslutet den ska påverka",
            "Vem får delta",
            "Tidsplan",
            "Enkäter",
            "Forum",
            "Förhandsgranska och publicera",
            "Dialograpport",
        ]
        assert [s.status for s in steps] == [
            setup.TODO,
            setup.DONE,
            setup.TODO,
            setup.TODO,
            setup.OPTIONAL,  # a forum: the dialogue may have one or not
            setup.CANNOT_YET,
            setup.OPTIONAL,
        ]
        assert "Lägg in faserna" in steps[-2].hint

    def test_a_ready_dialogue_can_be_published(self):
        process = set_phases(dialogue(status="draft", **DECISION), None)
        steps = setup.steps(process)
        assert [s.status for s in steps] == [
            setup.DONE,
            setup.DONE,
            setup.DONE,
            setup.TODO,  # no survey yet: a step, not a reason to refuse
            setup.OPTIONAL,
            setup.TODO,
            setup.OPTIONAL,  # the report comes after publishing
        ]
        assert steps[-2].url == reverse("processes_manage:round_publish", args=[process.slug])

    def test_a_component_adds_its_own_steps(self):
        """processes names no component's pages: a component's `setup_steps` builds them."""
        component = components.Component(
            "test_steps",
            "Test",
            setup_steps=lambda process: [setup.Step("Testa", "/test/", setup.OPTIONAL)],
        )
        components.register_component(component)
        components.register_process_kind(
            components.ProcessKind("test_kind", "Test", components=("test_steps",))
        )
        try:
            process = BudgetRound(kind="test_kind", slug="t")
            assert [s.title for s in process.kind_spec.setup_steps(process)] == ["Testa"]
        finally:
            components._KINDS.pop("test_kind")
            components._COMPONENTS.pop("test_steps")


class TestFromTheFormsToPublished:
    def test_an_official_creates_and_publishes_a_dialogue(self, client, official):
        client.force_login(official)
        create = reverse("processes_manage:round_create") + "?typ=dialog"
        form_page = html(client.get(create))
        assert "Skapa en dialog" in form_page
        assert 'name="total_budget"' not in form_page
        assert "Beslutet som dialogen ska påverka" in form_page
        response = client.post(
            create,
            {
                "name_sv": "Trygg i Nässjö",
                "audience": "citizen",
                "summary_sv": "Vad gör dig trygg i ditt område?",
                "eligibility": "signed_in",
                "total_budget": "5000",  # tampered: a dialogue has no money
            },
        )
        process = BudgetRound.objects.get()
        assert response.status_code == 302
        assert process.kind == components.DIALOGUE and process.total_budget is None
        manage = reverse("processes_manage:round_manage", args=[process.slug])
        page = html(client.get(manage))
        assert "Gör i ordning dialogen" in page
        assert "Områden" not in page and "Röstsedel" not in page

        # Publishing now is refused with what is missing.
        publish = reverse("processes_manage:round_publish", args=[process.slug])
        response = client.get(publish, follow=True)
        assert "Lägg in faserna med datum innan du publicerar." in html(response)
        assert "vilket beslut dialogen ska påverka" in html(response)

        # The details, with the decision.
        edit = reverse("processes_manage:round_edit", args=[process.slug])
        edit_page = html(client.get(edit))
        assert 'name="total_budget"' not in edit_page and 'name="kind"' not in edit_page
        response = client.post(
            edit,
            {
                "name_sv": "Trygg i Nässjö",
                "audience": "citizen",
                "summary_sv": "Vad gör dig trygg i ditt område?",
                "eligibility": "signed_in",
                "decision_body_sv": "Kommunstyrelsen",
                "decision_subject_sv": "budget 2027",
                "decision_when_sv": "juni 2027",
            },
        )
        assert response.status_code == 302

        # The timetable: information, open for views, analysis; no vote offered.
        schedule = reverse("processes_manage:schedule_edit", args=[process.slug])
        schedule_page = html(client.get(schedule))
        assert "Omröstning" not in schedule_page and "Öppna omröstningen nu" not in schedule_page
        assert "Måste finnas: Öppen för synpunkter." in schedule_page
        start = timezone.now() + timedelta(days=1)
        response = client.post(
            schedule,
            {
                "inform_start": _local(start),
                "inform_end": _local(start + timedelta(days=7)),
                "consult_start": _local(start + timedelta(days=7)),
                "consult_end": _local(start + timedelta(days=21)),
                "analysis_start": _local(start + timedelta(days=21)),
            },
        )
        assert response.status_code == 302
        assert [p.kind for p in process.phases_in_order()] == ["inform", "consult", "analysis"]

        confirm_page = html(client.get(publish))
        assert "Publicera dialogen?" in confirm_page
        assert "Kommunstyrelsen beslutar om budget 2027, juni 2027." in confirm_page
        response = client.post(publish, {"confirm": "yes"}, follow=True)
        process.refresh_from_db()
        assert process.is_published
        assert "Dialogen är publicerad." in html(response)
        assert AuditEvent.objects.filter(action="round.published", actor=official).exists()

    def test_a_timetable_without_the_open_phase_is_refused(self, client, official):
        process = dialogue(status="draft", **DECISION)
        client.force_login(official)
        start = timezone.now() + timedelta(days=1)
        response = client.post(
            reverse("processes_manage:schedule_edit", args=[process.slug]),
            {"inform_start": _local(start)},
        )
        assert response.status_code == 200
        assert "En dialog behöver fasen ”Öppen för synpunkter”." in html(response)
        assert not process.phases.exists()

    def test_a_vote_is_refused_in_a_dialogue(self, official):
        process = dialogue(status="draft")
        start = timezone.now() + timedelta(days=1)
        with pytest.raises(InvalidInput):
            services.set_schedule(
                by=official,
                budget_round=process,
                schedule={
                    "consult": (start, start + timedelta(days=1)),
                    "vote": (start + timedelta(days=1), None),
                },
            )

    def test_open_voting_now_does_not_exist_for_a_dialogue(self, client, official):
        process = set_phases(dialogue(**DECISION), None)
        client.force_login(official)
        response = client.get(reverse("processes_manage:open_voting_now", args=[process.slug]))
        assert response.status_code == 302
        assert response.url == reverse("processes_manage:schedule_edit", args=[process.slug])

    def test_the_budget_create_form_still_asks_for_money(self, client, official):
        client.force_login(official)
        response = client.post(
            reverse("processes_manage:round_create") + "?typ=budget",
            {
                "name_sv": "Medborgarbudget",
                "kind": "budget",
                "audience": "citizen",
                "summary_sv": "s",
                "eligibility": "signed_in",
            },
        )
        assert response.status_code == 200
        assert "Budgeten måste vara mer än 0 kr." in html(response)
        assert not BudgetRound.objects.exists()


class TestPermissions:
    @pytest.mark.parametrize("fixture", ["resident", "moderator"])
    def test_only_officials_create_dialogues(self, client, request, fixture):
        client.force_login(request.getfixturevalue(fixture))
        response = client.post(
            reverse("processes_manage:round_create") + "?typ=dialog",
            {"name_sv": "X", "audience": "citizen", "summary_sv": "s"},
        )
        assert response.status_code == 403
        assert not BudgetRound.objects.exists()

    def test_an_official_of_another_process_may_not_publish(self, client, official):
        process = set_phases(dialogue(status="draft", **DECISION), None)
        process.officials.add(official)
        other = UserFactory(is_official=True)
        client.force_login(other)
        publish = reverse("processes_manage:round_publish", args=[process.slug])
        assert client.post(publish, {"confirm": "yes"}).status_code == 403
        process.refresh_from_db()
        assert not process.is_published

    def test_a_draft_dialogue_is_hidden_from_residents(self, client, resident):
        process = set_phases(dialogue(status="draft", **DECISION), "consult")
        client.force_login(resident)
        assert client.get(process.get_absolute_url()).status_code == 404
        assert process.name not in html(client.get(reverse("overview")))


def test_who_may_take_part_in_a_dialogue_is_not_called_voting(client, official):
    process = dialogue(status="draft")
    client.force_login(official)
    [step] = [s for s in setup.steps(process) if s.title == "Vem får delta"]
    content = html(client.get(step.url))
    assert "<h1>Vem får delta</h1>" in content and "Dialogens egen regel" in content
    budget_round = round_in_phase(None, status="draft")
    content = html(client.get(reverse("eligibility_manage:index", args=[budget_round.slug])))
    assert "<h1>Vem får rösta</h1>" in content


class TestOpenToEveryone:
    """A dialogue may be open to everyone, also without an account; a vote never is."""

    def test_a_dialogue_open_to_everyone_says_so(self):
        process = dialogue(eligibility="anyone")
        process.full_clean(exclude=["created_by"])
        assert process.audience_sentences() == ["Alla, även utan konto"]

    def test_a_budget_round_cannot_be_open_to_everyone(self, client, official):
        with pytest.raises(ValidationError, match="vem som röstar"):
            BudgetRoundFactory.build(eligibility="anyone").full_clean(exclude=["created_by"])
        client.force_login(official)
        page = client.get(reverse("processes_manage:round_create")).content.decode()
        assert 'value="anyone"' not in page
