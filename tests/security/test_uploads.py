"""Wagtail document and image uploads accept only an allow-list of file types."""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model


def test_the_allow_lists_hold_only_office_formats_and_bitmaps():
    assert "exe" not in settings.WAGTAILDOCS_EXTENSIONS
    assert {"pdf", "docx", "xlsx", "pptx", "odt", "txt", "csv"} <= set(
        settings.WAGTAILDOCS_EXTENSIONS
    )
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS


def test_an_exe_document_is_refused_with_a_clear_message(client, trainer):
    client.force_login(trainer)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Driver",
            "file": SimpleUploadedFile("setup.exe", b"MZ\x90\x00", "application/octet-stream"),
            "collection": 1,
        },
    )
    assert response.status_code == 200
    assert "File extension “exe” is not allowed" in response.content.decode()
    assert not get_document_model().objects.exists()


def test_a_pdf_document_is_accepted(client, trainer):
    client.force_login(trainer)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Guidance",
            "file": SimpleUploadedFile("guidance.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
            "collection": 1,
        },
    )
    assert response.status_code == 302
    assert get_document_model().objects.get().title == "Guidance"


def test_an_svg_image_is_refused(client, trainer):
    client.force_login(trainer)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Logo",
            "file": SimpleUploadedFile("logo.svg", svg, "image/svg+xml"),
            "collection": 1,
        },
    )
    assert response.status_code == 200
    assert not get_image_model().objects.exists()
