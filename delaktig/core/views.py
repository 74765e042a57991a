from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


def accessibility(request):
    """The accessibility statement the law asks for (DOS-lagen): contact and review date come
    from settings, so each municipality states its own without editing the template."""
    return render(
        request,
        "core/accessibility.html",
        {
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "reviewed_on": settings.ACCESSIBILITY_REVIEWED_ON,
            "supervisor_url": settings.ACCESSIBILITY_SUPERVISOR_URL,
        },
    )


def about(request):
    return render(request, "core/about.html")


def how_it_works(request):
    """ "Så fungerar det" for residents, linked from the start page (issue 11)."""
    return render(request, "core/how_it_works.html")


def permission_denied(request, exception=None):
    reason = str(exception) if exception and str(exception) else ""
    return render(
        request,
        "403.html",
        {"reason": reason or _("You do not have permission to do this.")},
        status=403,
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
