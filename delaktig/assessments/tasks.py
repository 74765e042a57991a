"""Background work: tell the author that the assessment of their proposal is published."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .models import Assessment


@task()
def send_assessment_published_email(assessment_id: int, site_url: str = "") -> bool:
    """Send the author a Swedish e-mail with the verdict and the public reason."""
    assessment = (
        Assessment.objects.select_related("proposal__author", "proposal__budget_round")
        .filter(pk=assessment_id, published_at__isnull=False)
        .first()
    )
    if assessment is None or assessment.proposal.author is None:
        return False
    author = assessment.proposal.author
    context = {
        "assessment": assessment,
        "proposal": assessment.proposal,
        "round": assessment.proposal.budget_round,
        "author": author,
        "url": site_url.rstrip("/") + assessment.proposal.get_absolute_url(),
        "site_name": settings.SITE_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("assessments/email/assessment_published_subject.txt", context)
        body = render_to_string("assessments/email/assessment_published_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [author.email])
    return True
