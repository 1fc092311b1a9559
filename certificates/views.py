"""The officer's download and the public verification pages.

Access rules:

* download: signed-in owners only; anyone else gets 404 whatever identifier they try;
* verification: anyone, rate-limited per client IP; an unknown code and a near miss get the
  same answer, so codes cannot be enumerated.
"""

import hashlib
import hmac
import re

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import app_settings, ratelimit
from .forms import PdfMatchForm, VerificationCodeForm
from .models import STATUS_LABELS, Certificate

#: Certificates shown publicly: a pending one has no PDF yet, so nobody holds its code.
VERIFIABLE = [Certificate.Status.VALID, Certificate.Status.REVOKED]

#: What a verification code can be (URL-safe base64, as ``secrets.token_urlsafe`` writes it).
#: Anything else is not looked up: PostgreSQL refuses a NUL byte even in a query.
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


@login_required
@require_http_methods(["GET", "HEAD"])
def download(request, number):
    certificate = (
        Certificate.objects.filter(
            user=request.user, number=number, status=Certificate.Status.VALID
        )
        .exclude(pdf="")
        .first()
    )
    if certificate is None:
        raise Http404
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )


def _private(response):
    """Verification pages carry a secret in their address: keep them out of logs elsewhere."""
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _too_many(request):
    attempts, window = app_settings.verify_rate()
    if ratelimit.hit("verify", request, attempts, window):
        return None
    response = render(
        request,
        "certificates/too_many_attempts.html",
        {"minutes": max(window // 60, 1)},
        status=429,
    )
    response["Retry-After"] = str(window)
    return _private(response)


@never_cache
@require_http_methods(["GET", "HEAD"])
def verify_form(request):
    form = VerificationCodeForm(request.GET or None)
    if form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["code"])
    return render(request, "certificates/verify_form.html", {"form": form})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request, code):
    refused = _too_many(request)
    if refused is not None:
        return refused
    certificate = None
    if CODE_PATTERN.fullmatch(code):
        certificate = Certificate.objects.filter(
            verification_code=code, status__in=VERIFIABLE
        ).first()
    if certificate is None:
        response = render(
            request,
            "certificates/verify_unknown.html",
            {"form": VerificationCodeForm()},
            status=404,
        )
        return _private(response)

    match = None
    upload_form = PdfMatchForm()
    if request.method == "POST":
        upload_form = PdfMatchForm(request.POST, request.FILES)
        if upload_form.is_valid():
            digest = hashlib.sha256()
            for chunk in upload_form.cleaned_data["pdf"].chunks():
                digest.update(chunk)
            match = hmac.compare_digest(digest.hexdigest(), certificate.pdf_sha256)
    status = certificate.effective_status(timezone.localdate())
    response = render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "status": status,
            "status_label": STATUS_LABELS[status],
            "upload_form": upload_form,
            "match": match,
            "action": reverse("certificates:verify", args=[code]),
        },
    )
    return _private(response)
