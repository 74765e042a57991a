"""The results pages of surveys (surveys.analysis_views), included twice in config/urls.py:
`public` under /omgangar/<slug>/enkater/ and `manage` under /hantera/omgangar/<slug>/enkater/."""

from django.urls import path

from . import analysis_views as views

public = (
    [path("<slug:survey_slug>/resultat/", views.survey_results, name="results")],
    "survey_results",
)
manage = (
    [path("<slug:survey_slug>/resultat/", views.manage_survey_results, name="results")],
    "survey_results_manage",
)
