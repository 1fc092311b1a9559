"""Reading generated PDFs back with poppler-utils and zbar-tools, as a person would."""

import subprocess
import tempfile
from pathlib import Path

from tests.system_tools import require_tool


def pdf_text(content):
    require_tool("pdftotext", "poppler-utils")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "certificate.pdf"
        path.write_bytes(content)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout


def decode_qr(content):
    """Render the first page to an image and decode the QR code on it."""
    require_tool("pdftoppm", "poppler-utils")
    require_tool("zbarimg", "zbar-tools")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "certificate.pdf"
        path.write_bytes(content)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "150",
                "-png",
                "-singlefile",
                str(path),
                str(Path(directory) / "page"),
            ],
            check=True,
        )
        result = subprocess.run(
            [
                "zbarimg",
                "--quiet",
                "--raw",
                "-Sdisable",
                "-Sqrcode.enable",
                str(Path(directory) / "page.png"),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()


def read_pdf(certificate):
    with certificate.pdf.open("rb") as file:
        return file.read()


def pdf_metadata(content):
    """The XMP metadata and the document information, as pdfinfo reports them."""
    require_tool("pdfinfo", "poppler-utils")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "certificate.pdf"
        path.write_bytes(content)
        meta = subprocess.run(
            ["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True
        ).stdout
        info = subprocess.run(
            ["pdfinfo", str(path)], capture_output=True, text=True, check=True
        ).stdout
        return meta + info
