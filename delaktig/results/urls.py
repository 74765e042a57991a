from django.urls import path

from . import views

app_name = "results"
urlpatterns = [
    path("", views.result_detail, name="detail"),
    path("<int:box_id>/rostsedlar.pb", views.download_pabulib, name="download_pb"),
    path("<int:box_id>/rostsedlar.csv", views.download_csv, name="download_csv"),
    path("kvitto/", views.receipt_check, name="receipt_check"),
    path("kvitton.txt", views.download_receipts, name="download_receipts"),
]
