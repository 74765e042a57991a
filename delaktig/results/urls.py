from django.urls import path

from . import views

app_name = "results"
urlpatterns = [
    path("", views.result_detail, name="detail"),
    path("<int:box_id>/rostsedlar.pb", views.download_pabulib, name="download_pb"),
    path("<int:box_id>/rostsedlar.csv", views.download_csv, name="download_csv"),
]
