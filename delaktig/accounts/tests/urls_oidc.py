"""The project's URLs with the OIDC endpoints at ``oidc/`` (until config/urls.py mounts them)."""

from django.urls import include, path

from config import urls as project

handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500

urlpatterns = list(project.urlpatterns)
if not any(str(getattr(p, "pattern", "")) == "oidc/" for p in urlpatterns):
    urlpatterns.append(path("oidc/", include("delaktig.accounts.oidc_urls")))
