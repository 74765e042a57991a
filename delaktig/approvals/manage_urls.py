from django.urls import path

from . import manage_views as views

app_name = "approvals_manage"
urlpatterns = [
    path("", views.approval_list, name="list"),
    path("<int:pk>/", views.approval_detail, name="detail"),
    path("<int:pk>/beslut/", views.approval_decide, name="decide"),
]
