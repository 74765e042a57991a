from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from delaktig.results.tests.factories import BROKEN_PABULIB, SMALL_PABULIB


def upload(text, name="val.pb"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


def test_official_counts_an_uploaded_file(client, official):
    client.force_login(official)
    response = client.post(
        reverse("count_file"),
        {"file": upload(SMALL_PABULIB), "rule": "greedy", "completion": "none"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lekplats" in body and "Bänkar" in body
    assert "fick inte plats" in body  # Belysning: 25 000 left... does not fit after Lekplats
    assert "Metod Flest röster först:" in body and ">greedy" not in body  # the plain name


def test_the_rules_to_choose_from_are_named_in_swedish(client, official):
    client.force_login(official)
    body = client.get(reverse("count_file")).content.decode()
    assert "Lika andelar" in body and "pengar som blir över fördelas inte" in body.lower()
    assert "(add1)" not in body and "Method of Equal Shares" not in body


def test_malformed_file_names_the_line(client, official):
    client.force_login(official)
    response = client.post(
        reverse("count_file"), {"file": upload(BROKEN_PABULIB), "rule": "mes", "completion": "add1"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "data-error-summary" in body
    assert "Rad 13: Kostnaden för projekt 3" in body
    assert "line 13" not in body


def test_binary_file_gets_a_clear_error(client, official):
    client.force_login(official)
    junk = SimpleUploadedFile("x.pb", b"\xff\xfe\x00garbage", content_type="application/pdf")
    response = client.post(
        reverse("count_file"), {"file": junk, "rule": "greedy", "completion": "none"}
    )
    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()


def test_residents_cannot_count_files(client, resident):
    client.force_login(resident)
    assert client.get(reverse("count_file")).status_code == 403
