import pytest
from django.core import mail

from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.processes.tests.factories import BudgetRoundFactory
from delaktig.surveys.models import FollowUpAddress

from .. import services
from ..models import BlockKind, ImmutableVersionError, ReportVersion
from ..services import BlockData, FeedbackData
from .factories import dialogue_with_quote

pytestmark = pytest.mark.django_db

NEXT = BlockData(BlockKind.NEXT_STEPS, body="Kommunstyrelsen beslutar i november.")


def composed(official, **kwargs):
    process, theme, quote = dialogue_with_quote(**kwargs)
    report = services.report_for(process)
    services.add_block(by=official, report=report, data=BlockData(BlockKind.TEXT, body="# Hörde"))
    services.add_block(
        by=official,
        report=report,
        data=BlockData(
            BlockKind.THEME,
            body="Många vill ha information.",
            theme_id=theme.pk,
            quote_ids=(quote.pk,),
        ),
    )
    return process, report, theme, quote


def test_a_report_is_composed_and_published_as_a_dated_version(official):
    _process, report, _theme, quote = composed(official)
    assert services.publishing_problems(report)  # no "What happens now?" yet
    with pytest.raises(InvalidInput, match="Vad händer nu"):
        services.publish_version(by=official, report=report)
    services.add_block(by=official, report=report, data=NEXT)
    version = services.publish_version(by=official, report=report)
    assert version.number == 1 and version.published_at
    assert "<h2>Hörde</h2>" in version.html and quote.text in version.html
    assert AuditEvent.objects.filter(action="dialogue.report_published").exists()


def test_a_published_version_never_changes_and_a_correction_says_what_changed(official):
    _process, report, _theme, _quote = composed(official)
    services.add_block(by=official, report=report, data=NEXT)
    first = services.publish_version(by=official, report=report)
    first.title = "Ändrad"
    with pytest.raises(ImmutableVersionError):
        first.save()
    with pytest.raises(ImmutableVersionError):
        first.delete()
    with pytest.raises(InvalidInput, match="ändrats"):
        services.publish_version(by=official, report=report)
    second = services.publish_version(by=official, report=report, change_note="Rättat ett namn.")
    assert second.number == 2
    assert ReportVersion.objects.get(pk=first.pk).title == report.title


def test_an_unchecked_quote_or_a_deleted_theme_stops_publishing(official):
    _process, report, theme, _quote = composed(official, checked=False)
    services.add_block(by=official, report=report, data=NEXT)
    assert any("personuppgifter" in p for p in services.publishing_problems(report))
    theme.delete()
    problems = services.publishing_problems(report)
    assert any("tema som har tagits bort" in p for p in problems)
    with pytest.raises(InvalidInput):
        services.publish_version(by=official, report=report)
    assert not ReportVersion.objects.exists()


def test_themes_and_quotes_of_another_dialogue_are_refused(official):
    process, _theme, _quote = dialogue_with_quote()
    _other, other_theme, other_quote = dialogue_with_quote()
    report = services.report_for(process)
    with pytest.raises(InvalidInput):
        services.add_block(
            by=official, report=report, data=BlockData(BlockKind.THEME, theme_id=other_theme.pk)
        )
    own_theme = process.surveys.get().themes.get()
    with pytest.raises(InvalidInput):
        services.add_block(
            by=official,
            report=report,
            data=BlockData(BlockKind.THEME, theme_id=own_theme.pk, quote_ids=(other_quote.pk,)),
        )
    with pytest.raises(InvalidInput):
        services.add_block(by=official, report=report, data=BlockData(BlockKind.TEXT, body=" "))
    assert not report.blocks.exists()


def test_only_the_dialogues_officials_compose(resident, official):
    process, _theme, _quote = dialogue_with_quote()
    report = services.report_for(process)
    with pytest.raises(NotAllowed):
        services.add_block(by=resident, report=report, data=NEXT)
    budget_round = BudgetRoundFactory()
    with pytest.raises(NotAllowed, match="dialog"):
        services.save_feedback(
            by=official, process=budget_round, data=FeedbackData("Beslut", "Användes")
        )


def test_blocks_move_and_go(official):
    _process, report, _theme, _quote = composed(official)
    text, theme_block = report.blocks.order_by("position")
    services.move_block(by=official, block=theme_block, up=True)
    assert list(report.blocks.order_by("position")) == [theme_block, text]
    services.move_block(by=official, block=theme_block, up=True)  # already first: nothing
    assert list(report.blocks.order_by("position")) == [theme_block, text]
    services.delete_block(by=official, block=text)
    assert list(report.blocks.all()) == [theme_block]


def test_you_said_we_did_tells_each_address_once_and_forgets_it(
    official, django_capture_on_commit_callbacks
):
    process, _theme, _quote = dialogue_with_quote()
    survey = process.surveys.get()
    FollowUpAddress.objects.create(survey=survey, email="a@example.se")
    FollowUpAddress.objects.create(survey=survey, email="b@example.se")
    with pytest.raises(InvalidInput):
        services.publish_feedback(by=official, process=process)
    with pytest.raises(InvalidInput):
        services.save_feedback(by=official, process=process, data=FeedbackData("", "x"))
    services.save_feedback(
        by=official,
        process=process,
        data=FeedbackData("Mer tid för APT i budget 2027.", "Svaren om information användes."),
    )
    with django_capture_on_commit_callbacks(execute=True):
        feedback = services.publish_feedback(by=official, process=process)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.se", "b@example.se"]
    assert "Mer tid för APT" in mail.outbox[0].body
    assert not FollowUpAddress.objects.exists()
    feedback.refresh_from_db()
    assert feedback.told == 2
    with pytest.raises(Conflict):
        services.publish_feedback(by=official, process=process)
    with pytest.raises(Conflict):
        services.save_feedback(by=official, process=process, data=FeedbackData("a", "b"))
