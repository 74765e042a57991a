"""Code entry: a person types their voting code (or opens their link) and is signed in to vote."""

from django.contrib.auth import login
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from delaktig.core.errors import DomainError

from . import services
from .forms import CodeForm

# Per IP, shared by the form and the personal link. Failed and successful tries both count.
CODE_RATE = "10/m"
RATE_GROUP = "eligibility.code_entry"


def _limited(view):
    return ratelimit(group=RATE_GROUP, key="ip", rate=CODE_RATE, method="POST", block=False)(view)


@_limited
def enter(request):
    """/rostkod/: type a code."""
    return _code_page(request, CodeForm(request.POST or None), "eligibility/code_enter.html")


@_limited
def link(request, code):
    """/rostkod/<code>/: the personal link. Asks for one click (a POST), so that a mail
    scanner that opens links does not use the code."""
    form = CodeForm(request.POST or None, initial={"code": code})
    return _code_page(request, form, "eligibility/code_link.html")


def _code_page(request, form, template):
    context = {"form": form}
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            context["service_error"] = _(
                "You have tried too many codes. Wait a minute and try again."
            )
            status = 429
        elif form.is_valid():
            try:
                invitation = services.redeem_code(code=form.cleaned_data["code"])
            except DomainError as error:
                context["service_error"] = str(error)
                status = 400
            else:
                login(
                    request, invitation.voter, backend="django.contrib.auth.backends.ModelBackend"
                )
                return redirect(_voting_url(invitation))
    return render(request, template, context, status=status)


def _voting_url(invitation) -> str:
    """The ballot box of the invitation's area if it has one, else the round's voting page."""
    slug = invitation.budget_round.slug
    if invitation.area_id:
        try:
            box = invitation.area.ballot_box  # the voting app's box of this area
        except ObjectDoesNotExist:
            box = None
        if box is not None:
            return reverse("voting:box", kwargs={"slug": slug, "box_id": box.pk})
    return reverse("voting:ballot", kwargs={"slug": slug})
