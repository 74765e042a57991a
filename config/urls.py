from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from delaktig.accounts.signout import SignOutView
from delaktig.core import views as core_views
from delaktig.core.health import FullHealth, Health
from delaktig.processes import views as process_views
from delaktig.results import manage_views as results_manage_views
from delaktig.surveys import analysis_urls as survey_results_urls

handler403 = "delaktig.core.views.permission_denied"
handler404 = "delaktig.core.views.page_not_found"
handler500 = "delaktig.core.views.server_error"

urlpatterns = [
    path("", process_views.round_list, name="home"),
    path("delta/", process_views.overview, name="overview"),
    path("tillganglighet/", core_views.accessibility, name="accessibility"),
    path("om/", core_views.about, name="about"),
    path("sa-fungerar-det/", core_views.how_it_works, name="how_it_works"),
    path("halsa/", Health.as_view(), name="health"),
    path("halsa/allt/", FullHealth.as_view(), name="health_full"),
    # "Logga ut" also ends an e-ID session at the provider (before allauth's own route).
    path("konto/logout/", SignOutView.as_view(), name="account_logout"),
    path("konto/", include("allauth.urls")),
    path("oidc/", include("delaktig.accounts.oidc_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("integritet/", include("delaktig.privacy.urls")),
    path("rostkod/", include("delaktig.eligibility.urls")),
    path("mal/", include("delaktig.goals.urls")),
    path("moten/", include("delaktig.meetings.urls")),
    path("foreningar/", include("delaktig.associations.urls")),
    path("sidor/", include("delaktig.pages.urls")),
    # Participants: /omgangar/<slug>/...
    # Following (the button, e-mail links, Atom feeds: /folj/…, /omgangar/<slug>/flode/).
    path("", include("delaktig.following.urls")),
    path("omgangar/", include("delaktig.processes.urls")),
    path("omgangar/<slug:slug>/forslag/", include("delaktig.proposals.urls")),
    path("omgangar/<slug:slug>/bedomningar/", include("delaktig.assessments.urls")),
    path("omgangar/<slug:slug>/rosta/", include("delaktig.voting.urls")),
    path("omgangar/<slug:slug>/resultat/", include("delaktig.results.urls")),
    path("omgangar/<slug:slug>/enkater/", include("delaktig.surveys.urls")),
    path("omgangar/<slug:slug>/uppfoljning/", include("delaktig.followup.urls")),
    path("mina-forslag/", include("delaktig.followup.account_urls")),
    path("omgangar/<slug:slug>/rapport/", include("delaktig.dialogue.urls")),
    path("omgangar/<slug:slug>/forum/", include("delaktig.forums.urls")),
    path("omgangar/<slug:slug>/enkater/", include(survey_results_urls.public)),
    # The elected members' start page, the council report and reach (council/urls.py).
    path("", include("delaktig.council.urls")),
    # Officials and moderators: /hantera/...
    path("hantera/", include("delaktig.processes.manage_urls")),
    path("hantera/mal/", include("delaktig.goals.manage_urls")),
    path("hantera/moten/", include("delaktig.meetings.manage_urls")),
    path("hantera/foreningar/", include("delaktig.associations.manage_urls")),
    path("hantera/sidor/", include("delaktig.pages.manage_urls")),
    path("hantera/rakna-fil/", results_manage_views.count_file, name="count_file"),
    path("hantera/omgangar/<slug:slug>/forslag/", include("delaktig.proposals.manage_urls")),
    path("hantera/omgangar/<slug:slug>/bedomning/", include("delaktig.assessments.manage_urls")),
    path("hantera/omgangar/<slug:slug>/omrostning/", include("delaktig.voting.manage_urls")),
    path("hantera/omgangar/<slug:slug>/resultat/", include("delaktig.results.manage_urls")),
    path("hantera/omgangar/<slug:slug>/uppfoljning/", include("delaktig.followup.manage_urls")),
    path("hantera/omgangar/<slug:slug>/rapport/", include("delaktig.dialogue.manage_urls")),
    path("hantera/omgangar/<slug:slug>/forum/", include("delaktig.forums.manage_urls")),
    path("hantera/omgangar/<slug:slug>/rostlangd/", include("delaktig.eligibility.manage_urls")),
    path("hantera/omgangar/<slug:slug>/godkannanden/", include("delaktig.approvals.manage_urls")),
    path("hantera/omgangar/<slug:slug>/enkater/", include("delaktig.surveys.manage_urls")),
    path(
        "hantera/omgangar/<slug:slug>/enkater/<slug:survey_slug>/papper/",
        include("delaktig.surveys.paper_urls"),
    ),
    path(
        "hantera/omgangar/<slug:slug>/enkater/<slug:survey_slug>/",
        include("delaktig.surveys.free_text_urls"),
    ),
    path("hantera/omgangar/<slug:slug>/enkater/", include(survey_results_urls.manage)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
