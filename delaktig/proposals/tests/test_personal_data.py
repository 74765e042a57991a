"""The proposals app forgets people itself (the privacy app's contract, `personal_data.py`).

The images of a person's proposals are tested in test_images.py (`test_forgetting_the_author`).
"""

from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from delaktig.proposals import personal_data
from delaktig.proposals.models import Comment, Proposal, Report, Support

from .factories import CommentFactory, ProposalFactory, ReportFactory, SupportFactory

pytestmark = pytest.mark.django_db


def points_at(label: str, user) -> bool:
    app_model, field = label.rsplit(".", 1)
    return apps.get_model(app_model).objects.filter(**{field: user}).exists()


def test_forgetting_keeps_the_texts_without_author_and_the_support_counts_right(
    make_round, resident, other_resident
):
    budget_round = make_round("propose")
    own = ProposalFactory(budget_round=budget_round, author=resident, title="Utegym")
    comment = CommentFactory(proposal=own, author=resident)
    others = ProposalFactory.create_batch(2, budget_round=budget_round, author=other_resident)
    for proposal in others:
        SupportFactory(proposal=proposal, user=resident)
    SupportFactory(proposal=others[0], user=other_resident)
    for proposal in others:
        Proposal.objects.filter(pk=proposal.pk).update(
            support_count=Support.objects.filter(proposal=proposal).count()
        )
    report = ReportFactory(proposal=others[1], reporter=resident)

    counts = personal_data.forget_user(user=resident)

    assert counts == {"images": 0, "supports": 2, "proposals": 1, "comments": 1, "reports": 1}
    assert Proposal.objects.get(pk=own.pk).author is None
    assert Proposal.objects.get(pk=own.pk).title == "Utegym"
    assert Comment.objects.get(pk=comment.pk).author is None
    assert Report.objects.get(pk=report.pk).reporter is None
    for proposal in others:
        proposal.refresh_from_db()
        assert proposal.support_count == Support.objects.filter(proposal=proposal).count()
    assert [p.support_count for p in others] == [1, 0]
    assert not any(points_at(label, resident) for label in personal_data.USER_FIELDS)
    # Another person's data is left alone.
    assert Support.objects.filter(user=other_resident).count() == 1
    assert Proposal.objects.filter(author=other_resident).count() == 2


def test_the_purge_empties_old_reporters_of_the_round_only(make_round, resident):
    budget_round = make_round("result")
    proposal = ProposalFactory(budget_round=budget_round)
    old = ReportFactory(proposal=proposal, reporter=resident)
    on_comment = ReportFactory(
        proposal=None, comment=CommentFactory(proposal=proposal), reporter=resident
    )
    recent = ReportFactory(proposal=proposal, reporter=resident)
    elsewhere = ReportFactory(proposal=ProposalFactory(), reporter=resident)
    cutoff = timezone.now() - timedelta(days=90)
    Report.objects.filter(pk__in=[old.pk, on_comment.pk, elsewhere.pk]).update(
        created_at=cutoff - timedelta(days=5)
    )

    assert personal_data.purge(process=budget_round, cutoff=cutoff, dry_run=True) == {"reports": 2}
    assert Report.objects.filter(reporter=resident).count() == 4
    assert personal_data.purge(process=budget_round, cutoff=cutoff) == {"reports": 2}
    assert Report.objects.get(pk=old.pk).reporter is None
    assert Report.objects.get(pk=on_comment.pk).reporter is None
    assert Report.objects.get(pk=recent.pk).reporter == resident
    assert Report.objects.get(pk=elsewhere.pk).reporter == resident
    assert personal_data.purge(process=budget_round, cutoff=cutoff) == {"reports": 0}


def test_reports_resolved_over_a_year_ago_lose_their_reporter(resident):
    old, recent, still_open = ReportFactory.create_batch(3, reporter=resident)
    now = timezone.now()
    Report.objects.filter(pk=old.pk).update(resolved_at=now - timedelta(days=366))
    Report.objects.filter(pk=recent.pk).update(resolved_at=now - timedelta(days=300))
    assert personal_data.purge_resolved_reports(dry_run=True) == 1
    assert personal_data.purge_resolved_reports() == 1
    reporters = dict(Report.objects.values_list("pk", "reporter"))
    assert reporters == {old.pk: None, recent.pk: resident.pk, still_open.pk: resident.pk}


def test_the_export_holds_the_persons_own_texts_only(make_round, resident, other_resident):
    budget_round = make_round("propose")
    own = ProposalFactory(budget_round=budget_round, author=resident, title="Utegym")
    CommentFactory(proposal=own, author=resident, body="Jag hjälper till.")
    CommentFactory(proposal=own, author=other_resident, body="Bertils kommentar")
    theirs = ProposalFactory(budget_round=budget_round, author=other_resident, title="Hundgård")
    SupportFactory(proposal=theirs, user=resident)
    ReportFactory(
        proposal=None,
        comment=CommentFactory(proposal=theirs, author=other_resident, body="Bertils text"),
        reporter=resident,
    )

    data = personal_data.export_user(user=resident)

    assert [p["title"] for p in data["proposals"]] == ["Utegym"]
    assert data["proposals"][0]["round"]["slug"] == budget_round.slug
    assert [c["text"] for c in data["comments"]] == ["Jag hjälper till."]
    assert [s["proposal"]["title"] for s in data["supports"]] == ["Hundgård"]
    [report] = data["reports"]
    assert report["proposal"]["title"] == "Hundgård" and report["comment_id"]
    assert "Bertil" not in str(data) and other_resident.email not in str(data)


def test_forgetting_several_people_at_once_keeps_the_support_counts_right(make_round):
    proposal = ProposalFactory(budget_round=make_round("propose"))
    people = [SupportFactory(proposal=proposal).user for _ in range(3)]
    Proposal.objects.filter(pk=proposal.pk).update(support_count=3)
    assert personal_data.forget_users(users=people[:2])["supports"] == 2
    proposal.refresh_from_db()
    assert proposal.support_count == 1 == Support.objects.filter(proposal=proposal).count()
