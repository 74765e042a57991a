"""Background work of the dialogue report: its PDF, and e-mail to those who asked to be told
what came of the dialogue."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from delaktig.surveys.models import FollowUpAddress

from .models import Feedback, ReportVersion
from .pdf import report_pdf


@task()
def make_report_pdf(version_id: int) -> bool:
    version = ReportVersion.objects.select_related("report__process").filter(pk=version_id).first()
    if version is None or version.pdf:
        return False
    name = f"{version.report.process.slug}-rapport-{version.number}.pdf"
    version.pdf.save(name, ContentFile(report_pdf(version)), save=False)
    version.save(update_fields=["pdf"])
    return True


@task()
def send_feedback(process_id: int) -> int:
    """E-mail "Ni sa – vi gjorde" to every address left in the process's surveys, then delete
    each address: it was left for this one message."""
    feedback = Feedback.objects.select_related("process").filter(process_id=process_id).first()
    if feedback is None or feedback.published_at is None:
        return 0
    process = feedback.process
    url = settings.SITE_URL.rstrip("/") + reverse("dialogue:report", kwargs={"slug": process.slug})
    with translation.override(settings.LANGUAGE_CODE):
        context = {"process": process, "feedback": feedback, "url": url}
        subject = " ".join(render_to_string("dialogue/email/feedback_subject.txt", context).split())
        body = render_to_string("dialogue/email/feedback_body.txt", context)
    told = 0
    addresses = FollowUpAddress.objects.filter(survey__process=process)
    emails = addresses.values_list("email", flat=True).distinct().order_by("email")
    for email in emails.iterator(chunk_size=500):
        send_mail(subject, body, None, [email])  # one message, even if left in two surveys
        addresses.filter(email=email).delete()
        told += 1
    Feedback.objects.filter(pk=feedback.pk).update(told=feedback.told + told)
    return told
