"""Certificate PDFs: a Django template rendered by WeasyPrint, fast enough to re-issue in bulk.

Everything here is pure (no database), so a process pool can render documents built in the
parent. What makes it fast, without ever reusing a finished PDF:

* the stylesheet and WeasyPrint's ``FontConfiguration`` are built once per process and reused;
* WeasyPrint's full HTML user-agent stylesheet is replaced by a ten-line one
  (``pdf/user_agent.css``, also parsed once per process) that holds only what the certificate
  uses: the full one costs a third of the cascade and adds 16 page-margin boxes to every page;
* the QR code is one SVG path written straight from segno's module matrix (two path commands
  per run of dark modules, absolute coordinates), with a fixed mask pattern;
* the fonts are small pre-subset Noto files bundled in ``certificates/fonts`` (see its
  README.txt), so WeasyPrint's own subsetting has little to do; scripts they lack (Chinese)
  fall back to the system's Noto CJK through fontconfig;
* images (logo, signature) arrive as data URIs and go through WeasyPrint's image cache, which
  is keyed by the URI, so identical images are decoded once per process.
"""

import base64
import hashlib
import re
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
USER_AGENT_STYLESHEET_NAME = "certificates/pdf/user_agent.css"


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
    base_url = FONTS_DIR.as_uri() + "/"
    stylesheet = weasyprint.CSS(
        string=get_template(STYLESHEET_NAME).template.source,
        base_url=base_url,
        font_config=font_config,
    )
    user_agent = weasyprint.CSS(string=get_template(USER_AGENT_STYLESHEET_NAME).template.source)

    def html(string):
        """Our HTML document, styled by our small user-agent stylesheet, not WeasyPrint's.

        ``_ua_stylesheets`` is the hook WeasyPrint's own tests override; should a future
        version drop it, this silently falls back to WeasyPrint's full stylesheet.
        """
        document = weasyprint.HTML(string=string, base_url=base_url)
        document._ua_stylesheets = lambda forms=False: [user_agent]
        return document

    return html, font_config, stylesheet, {}


def reset():
    """Forget the per-process WeasyPrint objects (after a fork, or when fonts change)."""
    _weasyprint.cache_clear()


#: The QR mask pattern. Any of the eight is read by every decoder; choosing the "best" one by
#: segno's penalty scoring costs more than the rest of the QR code, and the scoring only helps
#: with badly printed codes, which error correction level M already covers.
QR_MASK = 4


QR_BORDER = 2  # quiet zone, in modules
_DARK_RUN = re.compile(rb"\x01+")


def qr_svg(url):
    """The QR code of ``url`` as inline SVG: one stroked path, black on the page's white.

    Each horizontal run of dark modules is a move and a horizontal line of stroke width 1
    ("M x y.5h n"), which is what WeasyPrint's SVG path parser handles fastest per module.
    """
    import segno

    qr = segno.make(url, error="m", mask=QR_MASK, micro=False, boost_error=False)
    size = len(qr.matrix) + 2 * QR_BORDER
    path = "".join(
        f"M{run.start() + QR_BORDER} {y}.5h{run.end() - run.start()}"
        for y, row in enumerate(qr.matrix, start=QR_BORDER)
        for run in _DARK_RUN.finditer(row)
    )
    return mark_safe(f'<svg viewBox="0 0 {size} {size}"><path stroke="#000" d="{path}"/></svg>')


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
    html, font_config, stylesheet, image_cache = _weasyprint()
    html = html(render_html(document))
    return html.write_pdf(
        stylesheets=[stylesheet],
        font_config=font_config,
        pdf_variant=app_settings.pdf_variant() or None,
        cache=image_cache,
        uncompressed_pdf=False,
    )


def sha256(content):
    return hashlib.sha256(content).hexdigest()
