"""Certificate PDFs: a Django template rendered by WeasyPrint, fast enough to re-issue in bulk.

Everything here is pure (no database), so a process pool can render documents built in the
parent. What makes it fast, without ever reusing a finished PDF:

* the stylesheet and WeasyPrint's ``FontConfiguration`` are built once per process and reused;
* the fonts are small pre-subset Noto files bundled in ``certificates/fonts`` (see its
  README.txt), so WeasyPrint's own subsetting has little to do; scripts they lack (Chinese)
  fall back to the system's Noto CJK through fontconfig;
* images (logo, signature) arrive as data URIs and go through WeasyPrint's image cache, which
  is keyed by the URI, so identical images are decoded once per process.
"""

import base64
import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.template.loader import get_template
from django.utils import translation
from django.utils.formats import number_format
from django.utils.safestring import mark_safe

from . import app_settings

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
TEMPLATE_NAME = "certificates/pdf/certificate.html"
STYLESHEET_NAME = "certificates/pdf/certificate.css"


@dataclass(frozen=True)
class CertificateDocument:
    """Every fact printed on a certificate: what the template receives, and nothing else."""

    number: str
    holder_name: str
    service_number: str
    agency_name: str
    course_title: str
    completed_on: date
    issued_on: date
    expires_on: date | None
    score: Decimal | None
    issuer_name: str
    signatory_name: str
    signatory_title: str
    verification_url: str
    language: str
    logo_uri: str = ""
    signature_uri: str = ""

    @property
    def score_display(self):
        if self.score is None:
            return ""
        value = self.score
        value = (
            value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
        )
        return number_format(value)


def data_uri(content, mime_type):
    return f"data:{mime_type};base64,{base64.b64encode(content).decode('ascii')}"


@cache
def _weasyprint():
    """WeasyPrint objects reused for every certificate this process renders."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    css_source = get_template(STYLESHEET_NAME).template.source
    stylesheet = weasyprint.CSS(
        string=css_source, base_url=FONTS_DIR.as_uri() + "/", font_config=font_config
    )
    return weasyprint, font_config, stylesheet, {}


def reset():
    """Forget the per-process WeasyPrint objects (after a fork, or when fonts change)."""
    _weasyprint.cache_clear()


#: The QR mask pattern. Any of the eight is read by every decoder; choosing the "best" one by
#: segno's penalty scoring costs more than the rest of the QR code, and the scoring only helps
#: with badly printed codes, which error correction level M already covers.
QR_MASK = 4


def qr_svg(url):
    """The QR code of ``url`` as inline SVG: one path, black on the page's white."""
    import segno

    qr = segno.make(url, error="m", mask=QR_MASK, micro=False, boost_error=False)
    return mark_safe(qr.svg_inline(scale=1, border=2, omitsize=True, dark="#000"))


def render_html(document):
    """The certificate as HTML, in the document's language."""
    with translation.override(document.language):
        return get_template(TEMPLATE_NAME).render(
            {
                "doc": document,
                "direction": "rtl" if translation.get_language_bidi() else "ltr",
                "qr_svg": qr_svg(document.verification_url),
            }
        )


def render_pdf(document):
    """The certificate as PDF/A bytes."""
    weasyprint, font_config, stylesheet, image_cache = _weasyprint()
    html = weasyprint.HTML(string=render_html(document), base_url=FONTS_DIR.as_uri() + "/")
    return html.write_pdf(
        stylesheets=[stylesheet],
        font_config=font_config,
        pdf_variant=app_settings.pdf_variant() or None,
        cache=image_cache,
        uncompressed_pdf=False,
    )


def sha256(content):
    return hashlib.sha256(content).hexdigest()
