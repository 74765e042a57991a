"""Processes as spaces that hold components (ADR 0004): kinds, registered phase kinds, money
only where the kind needs it, and a process with no vote."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from delaktig.core.errors import Conflict, InvalidInput
from delaktig.processes import components, phases, services
from delaktig.processes.tests.factories import BudgetRoundFactory, round_in_phase

pytestmark = pytest.mark.django_db


def dialogue(**kwargs):
    return BudgetRoundFactory(kind=components.DIALOGUE, total_budget=None, **kwargs)


class TestRegistry:
    def test_every_app_registers_its_phase_kinds_in_order(self):
        assert phases.phase_order() == [
            "inform",
            "propose",
            "consult",
            "assess",
            "analysis",
            "vote",
            "result",
            "report",
            "follow_up",
            "feedback",
        ]
        assert phases.binding_keys() == ["vote"]
        assert ("vote", "Omröstning") in [(k, str(v)) for k, v in phases.choices()]

    def test_capabilities_are_declared_by_the_apps_that_own_them(self):
        assert phases.allowed("vote") == {"cast_ballot", "comment"}
        assert {"submit_proposal", "support", "assess_proposals"} <= phases.allowed("propose")
        assert "cast_ballot" not in phases.allowed("propose")

    def test_a_second_kind_in_the_same_place_is_refused(self):
        with pytest.raises(ValueError):
            phases.register_phase_kind(phases.PhaseKind("other", "Other", 40, "…"))

    def test_the_budget_round_holds_the_budget_components(self):
        budget = components.process_kind(components.BUDGET)
        assert budget.components == (
            "proposals",
            "assessments",
            "voting",
            "results",
            "followup",
            "surveys",
            "goals",
            "meetings",
            "council_report",
        )
        assert budget.required_phases() == ["vote"]
        assert budget.needs_money

    def test_the_system_check_names_a_component_no_app_registers(self):
        components.register_process_kind(
            components.ProcessKind("test", "Test", components=("nowhere",))
        )
        try:
            errors = components.components_are_registered()
            assert [e.id for e in errors] == ["processes.E001"]
        finally:
            components._KINDS.pop("test")
        assert components.components_are_registered() == []


class TestDialogue:
    """A process with no vote and no money is valid."""

    def test_has_no_money_and_refuses_some(self):
        process = dialogue()
        process.full_clean(exclude=["created_by"])
        assert not process.has_money
        process.total_budget = 10_000
        with pytest.raises(ValidationError) as error:
            process.full_clean(exclude=["created_by"])
        assert "total_budget" in error.value.message_dict

    def test_a_budget_round_needs_money(self):
        with pytest.raises(ValidationError):
            BudgetRoundFactory.build(total_budget=None).full_clean(exclude=["created_by"])

    def test_timetable_without_a_vote_is_accepted(self, official):
        process = dialogue()
        now = timezone.now()
        later = now + timedelta(days=7)
        services.set_schedule(
            by=official,
            budget_round=process,
            schedule={"inform": (now, later), "consult": (later, None)},
        )
        assert [p.kind for p in process.phases.all()] == ["inform", "consult"]
        assert process.current_phase_kind() == "inform"
        assert not process.allows("cast_ballot")
        assert not process.rules_frozen()

    def test_a_phase_of_a_component_it_does_not_hold_is_refused(self, official):
        process = dialogue()
        now = timezone.now()
        with pytest.raises(InvalidInput, match="Omröstning"):
            services.set_schedule(
                by=official,
                budget_round=process,
                schedule={"inform": (now, now + timedelta(days=1)), "vote": (now, None)},
            )
        assert not process.phases.exists()

    def test_a_dialogue_needs_its_open_phase(self, official):
        process = dialogue()
        with pytest.raises(InvalidInput, match=r"Open for views|Öppen för synpunkter"):
            services.set_schedule(
                by=official, budget_round=process, schedule={"inform": (timezone.now(), None)}
            )

    def test_a_budget_round_still_needs_its_vote(self, official):
        budget_round = BudgetRoundFactory()
        with pytest.raises(InvalidInput, match="Omröstning"):
            services.set_schedule(
                by=official, budget_round=budget_round, schedule={"inform": (timezone.now(), None)}
            )

    def test_pages_show_only_the_tabs_of_its_components(self, client):
        process = dialogue()
        round_page = client.get(reverse("processes:round_detail", kwargs={"slug": process.slug}))
        assert round_page.status_code == 200
        content = round_page.content.decode()
        assert "Rösta" not in content
        assert "kr att bestämma över" not in content
        assert reverse("surveys:process_surveys", kwargs={"slug": process.slug}) in content
        budget_round = round_in_phase("vote")
        content = client.get(budget_round.get_absolute_url()).content.decode()
        assert reverse("voting:ballot", kwargs={"slug": budget_round.slug}) in content

    def test_created_through_the_form_without_money(self, client, official):
        client.force_login(official)
        response = client.post(
            reverse("processes_manage:round_create"),
            {
                "name_sv": "Dialog om skolvägar",
                "kind": "dialogue",
                "audience": "citizen",
                "summary_sv": "Vad behöver göras för säkrare skolvägar?",
                "total_budget": "",
                "eligibility": "signed_in",
            },
        )
        assert response.status_code == 302
        process = type(dialogue()).objects.get(slug="dialog-om-skolvagar")
        assert process.kind == "dialogue" and process.total_budget is None
        assert process.type_label == "Medborgardialog"


def test_the_kind_stays_once_there_is_a_timetable(official):
    budget_round = round_in_phase("propose")
    with pytest.raises(Conflict):
        services.update_round(by=official, budget_round=budget_round, data={"kind": "dialogue"})
