from django.urls import path

from . import manage_views as views

app_name = "eligibility_manage"
urlpatterns = [
    path("", views.overview, name="index"),
    path("ladda-upp/", views.census_upload, name="census"),
    path("filer/<int:pk>/", views.roll_file, name="roll_file"),
    path("filer/<int:pk>/kodark/", views.code_sheet_download, name="code_sheet"),
    path("inbjudningar/", views.invitation_list, name="invitations"),
    path("inbjudningar/ladda-upp/", views.invitation_upload, name="invitation_upload"),
    path("inbjudningar/koder/", views.issue_codes, name="issue_codes"),
    path("inbjudningar/skicka/", views.send_emails, name="send_emails"),
    path("inbjudningar/<int:pk>/dra-tillbaka/", views.revoke, name="revoke"),
    path("inbjudningar/<int:pk>/ny-kod/", views.reissue, name="reissue"),
]
