import io

import factory
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from delaktig.accounts.tests.factories import UserFactory
from delaktig.processes.tests.factories import BudgetRoundFactory
from delaktig.proposals.models import Comment, Proposal, Report, Support


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    budget_round = factory.SubFactory(BudgetRoundFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Parkbänkar vid sjön {n}")
    description = "Fler bänkar längs promenadstråket så att äldre kan vila."
    estimated_cost = 25_000


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    proposal = factory.SubFactory(ProposalFactory)
    author = factory.SubFactory(UserFactory)
    body = "Bra idé, det behövs verkligen."


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.SubFactory(UserFactory)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    proposal = factory.SubFactory(ProposalFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = "Förslaget innehåller personangrepp."


def assess(proposal, *, verdict="feasible", published=True, **fields):
    """An assessment of the proposal, for pages that show it.

    Looked up by app label, not imported: proposals sits below assessments in the layers.
    """
    assessment_model = apps.get_model("assessments", "Assessment")
    return assessment_model.objects.create(
        proposal=proposal,
        verdict=verdict,
        reason=fields.pop("reason", "Förslaget går att genomföra."),
        official_cost=fields.pop("official_cost", 30_000),
        published_at=timezone.now() if published else None,
        **fields,
    )


def image_upload(name="bild.png", image_format="PNG", size=(8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format=image_format)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}.get(
        image_format, "application/octet-stream"
    )
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def text_upload(name="bild.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"not an image at all", content_type="image/png")
