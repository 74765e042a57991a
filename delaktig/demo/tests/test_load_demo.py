"""The demo loads through the platform's own services, and shows what it says it shows."""

import pytest
from django.core.management import call_command

from delaktig.eligibility.models import Invitation
from delaktig.processes.models import BudgetRound
from delaktig.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def test_the_torsby_youth_round_uses_an_age_limit_and_codes_that_propose(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "A pupil's voting code for the Torsby round" in out
    torsby = BudgetRound.objects.get(name="Ungas park i Torsby")
    settings = torsby.eligibility_settings
    assert (settings.use_invitations, settings.min_age, settings.max_age) == (True, 10, 19)
    assert settings.codes_may_propose
    assert Invitation.objects.filter(budget_round=torsby).exclude(code_hash="").count() == 6
    statuses = sorted(Proposal.objects.filter(budget_round=torsby).values_list("status", flat=True))
    assert statuses == ["pending", "published", "published"]
    assert not Proposal.objects.filter(budget_round=torsby, author_name_shown=True).exists()
    call_command("load_demo")  # a second run changes nothing
    assert BudgetRound.objects.filter(name="Ungas park i Torsby").count() == 1


def test_the_dialogues_are_answered_analysed_and_reported():
    """Skara's employee dialogue has about 400 answers, a unit too small to show, themes,
    checked quotes, a published report and "Ni sa – vi gjorde"; Vansbro's survey is open to
    anyone and holds interview answers; Säter has an evaluation survey."""
    from delaktig.dialogue.models import Feedback, ReportVersion
    from delaktig.surveys.models import Quote, Survey

    call_command("load_demo")
    skara = Survey.objects.get(process__name="Medarbetardialog: samverkan och inflytande")
    assert 350 <= skara.responses.filter(submitted=True).count() <= 420
    small = skara.responses.filter(unit__name="Kommundirektörens stab").count()
    assert small < skara.min_group_size  # shown nowhere, by the K rule
    assert skara.themes.count() == 4
    assert Quote.objects.filter(answer__response__survey=skara, checked_at__isnull=False).exists()
    assert ReportVersion.objects.filter(report__process=skara.process).count() == 1
    assert Feedback.objects.get(process=skara.process).published_at is not None
    assert skara.process.current_phase_kind() == "feedback"
    vansbro = Survey.objects.get(process__name="Utmaningen: förtroende i Vansbro")
    assert vansbro.access == "anyone" and vansbro.is_open()
    assert vansbro.responses.filter(channel="interview").count() == 40
    evaluation = Survey.objects.get(process__name__startswith="Medarbetarbudget 2021")
    assert evaluation.purpose == "evaluation" and not evaluation.is_open()


def test_utmaningen_has_a_forum_with_answers_and_a_hidden_post():
    from delaktig.forums.models import Post, PostStatus, Thread
    from delaktig.proposals.models import Report

    call_command("load_demo")
    threads = Thread.objects.filter(forum__process__name="Utmaningen: förtroende i Vansbro")
    open_thread = threads.get(status="open")
    answers = open_thread.posts.filter(by_municipality=True)
    assert answers.exists() and open_thread.pinned in answers
    assert open_thread.posts.filter(parent__isnull=False).exists()
    hidden = Post.objects.get(thread=open_thread, status=PostStatus.HIDDEN)
    assert hidden.hidden_reason and Report.objects.get(target_id=hidden.pk).resolution == "hidden"
    assert threads.get(status="closed").summary
