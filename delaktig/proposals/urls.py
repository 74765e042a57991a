from django.urls import path

from . import views

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("nytt/", views.proposal_create, name="create"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/andra/", views.proposal_edit, name="edit"),
    path("<int:pk>/dra-tillbaka/", views.proposal_withdraw, name="withdraw"),
    path("<int:pk>/kommentera/", views.comment_create, name="comment"),
    path("<int:pk>/stod/", views.support_toggle, name="support"),
    path("<int:pk>/anmal/", views.report_create, name="report"),
]
