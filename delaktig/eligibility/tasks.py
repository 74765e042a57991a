"""Background work: e-mail an invited person their voting code and personal link; read an
uploaded census or invitation file."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .links import code_url
from .services import roll_files, sending


@task()
def send_invitation_email(invitation_id: int) -> bool:
    """Make a new code for the invitation and e-mail it (Swedish). The code is made here, not
    passed in, so it is never written to the task queue."""
    made = sending.code_for_email(invitation_id)
    if made is None:
        return False
    invitation, code = made
    context = {
        "invitation": invitation,
        "round": invitation.budget_round,
        "code": code,
        "url": code_url(code),
        "entry_url": code_url(None),
        "site_name": settings.SITE_NAME,
        "municipality": settings.MUNICIPALITY_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("eligibility/email/invitation_subject.txt", context)
        body = render_to_string("eligibility/email/invitation_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [invitation.email])
    sending.mark_sent(invitation)
    return True


@task()
def read_roll_file(job_id: int) -> str:
    """Read an uploaded census or invitation file (roll_files.read_roll_job). Only the id is
    queued: the file itself waits encrypted in its RollFile row."""
    job = roll_files.read_roll_job(job_id)
    return job.status if job is not None else "gone"
