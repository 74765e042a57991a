"""Code entry: a person types their voting code (or opens their link) and is signed in to vote."""

from django.contrib.auth import login
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

from delaktig.core.codes import VOTING_CODE
from delaktig.core.errors import DomainError

from .forms import CodeForm
from .services import code_use

# Three limits, each counted in the shared cache (django-ratelimit). "Address" is the client's,
# also behind the municipality's proxy (core/client_ip.py, RATELIMIT_IP_META_KEY), so one
# person's typing mistakes never hold up another's.
# Per address, every try (the form and the personal link together): no hammering.
CODE_RATE = "10/m"
RATE_GROUP = "eligibility.code_entry"
# Per address, wrong codes only: a guesser is slowed to this, a voter who mistypes is not.
WRONG_CODE_RATE = "30/h"
WRONG_GROUP = "eligibility.wrong_code"
# Per code tried (its keyed hash), from every address together: one code is not tried from a
# thousand addresses. A voter who changes their vote uses the same code a few times.
PER_CODE_RATE = "10/h"
PER_CODE_GROUP = "eligibility.per_code"
# A session signed in with a voting code ends this long after signing in, not after the
# default two weeks: codes are used on shared computers at schools and libraries (issue 9).
CODE_SESSION_SECONDS = 30 * 60


def _limited(view):
    return ratelimit(group=RATE_GROUP, key="ip", rate=CODE_RATE, method="POST", block=False)(view)


def _too_many_wrong_codes(request) -> bool:
    """Read only: a wrong code is counted after it has been found wrong (_count_wrong_code)."""
    usage = get_usage(request, group=WRONG_GROUP, key="ip", rate=WRONG_CODE_RATE)
    return bool(usage) and usage["count"] >= usage["limit"]


def _count_wrong_code(request) -> None:
    get_usage(request, group=WRONG_GROUP, key="ip", rate=WRONG_CODE_RATE, increment=True)


def _code_tried_too_often(request, digest: str) -> bool:
    """Counts this try of the code; True once over PER_CODE_RATE."""
    usage = get_usage(
        request,
        group=PER_CODE_GROUP,
        key=lambda _group, _request: digest,
        rate=PER_CODE_RATE,
        increment=True,
    )
    return bool(usage) and usage["should_limit"]


@never_cache
@_limited
def enter(request):
    """/rostkod/: type a code."""
    return _code_page(request, CodeForm(request.POST or None), "eligibility/code_enter.html")


@never_cache
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
        digest = VOTING_CODE.keyed_hash(request.POST.get("code", ""))
        if getattr(request, "limited", False):
            context["service_error"] = _(
                "You have tried too many codes. Wait a minute and try again."
            )
            status = 429
        elif _too_many_wrong_codes(request):
            context["service_error"] = _(
                "You have typed many wrong codes. Wait an hour and try again, or contact the "
                "municipality."
            )
            status = 429
        elif digest is not None and _code_tried_too_often(request, digest):
            context["service_error"] = _(
                "This voting code has been tried many times in a short time. Wait an hour "
                "and try again, or contact the municipality."
            )
            status = 429
        elif form.is_valid():
            try:
                invitation = code_use.redeem_code(code=form.cleaned_data["code"])
            except DomainError as error:
                context["service_error"] = str(error)
                status = 400
                _count_wrong_code(request)
            else:
                login(
                    request, invitation.voter, backend="django.contrib.auth.backends.ModelBackend"
                )
                request.session.set_expiry(CODE_SESSION_SECONDS)
                return redirect(_next_url(request) or _voting_url(invitation))
    return render(request, template, context, status=status)


def _next_url(request) -> str | None:
    """Where the person was going (a youth round's proposal form, issue 11), if it is a page
    of this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else None


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
