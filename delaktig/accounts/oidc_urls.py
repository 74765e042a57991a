"""Mounted by config/urls.py at ``oidc/``; the names are the ones mozilla-django-oidc reverses."""

from django.urls import path

from . import oidc_views

urlpatterns = [
    path("authenticate/", oidc_views.authenticate, name="oidc_authentication_init"),
    path("callback/", oidc_views.callback, name="oidc_authentication_callback"),
    path("logout/", oidc_views.logout, name="oidc_logout"),
]
