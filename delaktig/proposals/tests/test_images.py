"""Uploaded images (security review, issue 9 finding 11): what is stored is pixels only, under
a random name, and the file goes when the image stops being public."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from delaktig.core.errors import InvalidInput
from delaktig.proposals import personal_data, services
from delaktig.proposals.images import MAX_EDGE
from delaktig.proposals.models import Proposal, ProposalStatus
from delaktig.proposals.services import ProposalData

from .factories import image_upload

pytestmark = pytest.mark.django_db

SERIAL = "SN-4711-0815"
MAKE = "Kamerafabriken"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>Hemma hos Anna</rdf:Description>'


def photo_with_gps(name="IMG_2041_anna_hemma.jpg", size=(64, 48), orientation=None):
    """A JPEG as a phone writes it: GPS position, camera make, model and serial, XMP."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = MAKE
    exif[ExifTags.Base.Model] = "Modell X"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = SERIAL
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (57.0, 39.0, 12.5),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (14.0, 41.0, 40.25),
        }
    )
    buffer = io.BytesIO()
    image = Image.new("RGB", size, "orange")
    image.putpixel((0, 0), (0, 0, 255))  # a mark in the top left corner, to see the turn
    image.save(buffer, format="JPEG", exif=exif, xmp=XMP, comment=b"Anna Andersson")
    raw = buffer.getvalue()
    # The upload really carries what the test then looks for.
    assert SERIAL.encode() in raw and b"Exif" in raw and b"Hemma hos Anna" in raw
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return SimpleUploadedFile(name, raw, content_type="image/jpeg")


def data(**overrides) -> ProposalData:
    values = {"title": "Utegym", "description": "För alla åldrar.", "estimated_cost": 80_000}
    values.update(overrides)
    return ProposalData(**values)


def stored_bytes(proposal) -> bytes:
    with default_storage.open(proposal.image.name) as stored:
        return stored.read()


def submit(by, budget_round, upload):
    return services.submit_proposal(
        by=by, budget_round=budget_round, data=data(image=upload, image_alt="En bild")
    )


class TestWhatIsStored:
    def test_a_photo_loses_its_gps_position_and_camera_data(self, client, make_round, resident):
        budget_round = make_round("propose")
        client.force_login(resident)
        response = client.post(
            reverse("proposals:create", kwargs={"slug": budget_round.slug}),
            {
                "title": "Belysning",
                "description": "Lampor längs gångvägen.",
                "estimated_cost": "120000",
                "image": photo_with_gps(),
                "image_alt": "Gångvägen i kvällsljus",
            },
        )
        assert response.status_code == 302
        proposal = Proposal.objects.get()
        raw = stored_bytes(proposal)
        stored = Image.open(io.BytesIO(raw))
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in stored.info and "xmp" not in stored.info
        assert "comment" not in stored.info and "icc_profile" not in stored.info
        for trace in (b"Exif", b"GPS", SERIAL.encode(), MAKE.encode(), b"Hemma", b"Anna"):
            assert trace not in raw
        # The GPS IFD pointer tag (0x8825), in either byte order, is gone with the EXIF block.
        assert b"\x88\x25\x00\x04" not in raw and b"\x25\x88\x04\x00" not in raw

    def test_the_name_is_random_not_the_uploaders(self, make_round, resident):
        budget_round = make_round("propose")
        first = submit(resident, budget_round, photo_with_gps())
        second = submit(resident, budget_round, photo_with_gps())
        for proposal in (first, second):
            assert re.fullmatch(r"proposals/[0-9a-f]{32}\.jpg", proposal.image.name)
            assert "IMG" not in proposal.image.url and "anna" not in proposal.image.url.lower()
        assert first.image.name != second.image.name

    def test_the_orientation_is_applied_before_it_is_dropped(self, make_round, resident):
        # EXIF orientation 6: the camera was turned; shown upright, the image is taller than wide.
        upload = photo_with_gps(size=(64, 48), orientation=6)
        proposal = submit(resident, make_round("propose"), upload)
        stored = Image.open(io.BytesIO(stored_bytes(proposal)))
        assert stored.size == (48, 64)
        assert ExifTags.Base.Orientation not in stored.getexif()

    def test_a_large_image_is_made_smaller(self, make_round, resident):
        upload = image_upload("stor.jpg", "JPEG", size=(4000, 3000))
        proposal = submit(resident, make_round("propose"), upload)
        stored = Image.open(io.BytesIO(stored_bytes(proposal)))
        assert stored.size == (MAX_EDGE, MAX_EDGE * 3 // 4)

    def test_transparency_is_kept_as_png(self, make_round, resident):
        buffer = io.BytesIO()
        Image.new("RGBA", (20, 20), (0, 128, 0, 0)).save(buffer, format="WEBP", lossless=True)
        upload = SimpleUploadedFile("karta.webp", buffer.getvalue(), content_type="image/webp")
        proposal = submit(resident, make_round("propose"), upload)
        assert proposal.image.name.endswith(".png")
        stored = Image.open(io.BytesIO(stored_bytes(proposal)))
        assert stored.mode == "RGBA" and stored.getchannel("A").getextrema() == (0, 0)


def huge_png(name="karta.png") -> SimpleUploadedFile:
    """12000 × 9000 pixels (108 megapixels) of one colour: a few kB on disk, 324 MB decoded."""
    buffer = io.BytesIO()
    Image.new("1", (12000, 9000)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 100_000
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class TestPixelLimit:
    def test_the_form_refuses_a_decompression_bomb_with_a_message(
        self, client, make_round, resident
    ):
        budget_round = make_round("propose")
        client.force_login(resident)
        response = client.post(
            reverse("proposals:create", kwargs={"slug": budget_round.slug}),
            {
                "title": "Karta",
                "description": "En stor karta.",
                "estimated_cost": "1000",
                "image": huge_png(),
                "image_alt": "Karta",
            },
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "Bilden har för många bildpunkter" in content
        assert "högst 40 megapixlar" in content
        assert not Proposal.objects.exists()

    def test_the_service_refuses_it_too(self, make_round, resident):
        with pytest.raises(InvalidInput, match="för många bildpunkter") as error:
            submit(resident, make_round("propose"), huge_png())
        assert error.value.field == "image"
        assert not Proposal.objects.exists()

    def test_the_limit_is_a_setting(self, make_round, resident, settings):
        settings.MAX_IMAGE_UPLOAD_PIXELS = 100
        with pytest.raises(InvalidInput, match="för många bildpunkter"):
            submit(resident, make_round("propose"), image_upload(size=(11, 10)))
        submit(resident, make_round("propose"), image_upload(size=(10, 10)))


class TestOldFilesAreDeleted:
    @pytest.fixture
    def with_image(self, make_round, resident):
        return submit(resident, make_round("propose"), photo_with_gps())

    def test_replacing(self, with_image, resident, django_capture_on_commit_callbacks):
        old = with_image.image.name
        with django_capture_on_commit_callbacks(execute=True):
            services.edit_proposal(
                by=resident,
                proposal=with_image,
                data=data(image=image_upload("ny.png"), image_alt="Ny bild"),
            )
        assert not default_storage.exists(old)
        assert default_storage.exists(with_image.image.name) and with_image.image.name != old

    def test_removing(self, with_image, resident, django_capture_on_commit_callbacks):
        old = with_image.image.name
        with django_capture_on_commit_callbacks(execute=True):
            services.edit_proposal(by=resident, proposal=with_image, data=data(image=False))
        assert not default_storage.exists(old)
        with_image.refresh_from_db()
        assert not with_image.image

    def test_a_refused_change_keeps_the_file(self, with_image, resident):
        old = with_image.image.name
        with pytest.raises(InvalidInput):
            services.edit_proposal(
                by=resident, proposal=with_image, data=data(image=huge_png(), image_alt="x")
            )
        assert default_storage.exists(old)

    def test_hiding(self, with_image, moderator, django_capture_on_commit_callbacks):
        old = with_image.image.name
        with django_capture_on_commit_callbacks(execute=True):
            services.hide_proposal(by=moderator, proposal=with_image, reason="Visar en person.")
        assert not default_storage.exists(old)
        with_image.refresh_from_db()
        assert with_image.status == ProposalStatus.HIDDEN
        assert not with_image.image and with_image.image_alt == ""

    def test_withdrawing(self, with_image, resident, django_capture_on_commit_callbacks):
        old = with_image.image.name
        with django_capture_on_commit_callbacks(execute=True):
            services.withdraw_proposal(by=resident, proposal=with_image)
        assert not default_storage.exists(old)

    def test_forgetting_the_author(self, with_image, resident, django_capture_on_commit_callbacks):
        old = with_image.image.name
        with django_capture_on_commit_callbacks(execute=True):
            assert personal_data.forget_user(user=resident)["images"] == 1
        assert not default_storage.exists(old)
        with_image.refresh_from_db()
        assert not with_image.image and with_image.status == ProposalStatus.PUBLISHED
