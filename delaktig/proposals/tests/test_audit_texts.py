"""The append-only audit log names comments, reports and reasons by reference, never by
their text (security review, issue 9 finding 13): the log is kept for ever, past account
deletion and the reporter purge, and a personnummer typed into a text would stay with it."""

import pytest

from delaktig.audit.models import AuditEvent
from delaktig.proposals import services
from delaktig.proposals.models import Comment, Proposal, Report

from .factories import ProposalFactory

pytestmark = pytest.mark.django_db

PNR = "19121212-1212"


def assert_not_in_log(*texts):
    assert AuditEvent.objects.exists()
    for event in AuditEvent.objects.all():
        logged = str(event.data) + event.object_repr + event.object_id + event.action
        for text in texts:
            assert text not in logged, (event.action, logged)


def test_comments_reports_and_reasons_stay_out_of_the_log(
    make_round, resident, other_resident, moderator
):
    proposal = ProposalFactory(budget_round=make_round("propose"))
    comment = services.add_comment(
        by=resident, proposal=proposal, body=f"Ring mig, Anna Andersson {PNR}"
    )
    on_comment = services.report_content(
        by=other_resident, proposal=proposal, comment=comment, reason=f"Hon skrev sitt {PNR}"
    )
    on_proposal = services.report_content(
        by=resident, proposal=proposal, reason=f"Bertil Berg {PNR} skrev detta"
    )
    services.hide_reported(by=moderator, report=on_comment, reason=f"Innehöll {PNR}")
    other = ProposalFactory(budget_round=proposal.budget_round)
    services.dismiss_report(
        by=moderator,
        report=services.report_content(by=other_resident, proposal=other, reason=PNR),
    )
    services.hide_proposal(by=moderator, proposal=proposal, reason=f"Visade {PNR}")

    assert_not_in_log(PNR, "Anna", "Bertil", "Ring mig", "Innehöll", "Visade")
    # References instead: which comment and report, their lengths.
    added = AuditEvent.objects.get(action="comment.added")
    assert added.object_repr == f"#{comment.pk}" and added.object_id == str(comment.pk)
    assert added.data == {"proposal": proposal.pk, "length": len(comment.body)}
    filed = AuditEvent.objects.filter(action="report.filed").order_by("id").first()
    assert filed.object_repr == f"#{on_comment.pk}"
    assert filed.data["comment"] == comment.pk and filed.data["length"] == len(on_comment.reason)
    # The texts themselves are kept where the purge and account deletion can reach them.
    assert Comment.objects.get(pk=comment.pk).hidden_reason == f"Innehöll {PNR}"
    assert Proposal.objects.get(pk=proposal.pk).hidden_reason == f"Visade {PNR}"
    assert Report.objects.get(pk=on_proposal.pk).reason.startswith("Bertil Berg")
