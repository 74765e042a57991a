from django.urls import path

from . import views

app_name = "dialogue"
urlpatterns = [
    path("", views.report, name="report"),
    path("version/<int:number>/", views.version, name="version"),
    path("version/<int:number>/rapport.pdf", views.version_pdf, name="pdf"),
]
