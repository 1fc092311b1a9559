"""Certificate rendering: our pipeline against a naive WeasyPrint baseline, then bulk throughput.

    python benchmarks/certificates.py [--n 30] [--bulk 10000] [--workers 2] [--stages]

Every certificate is different (name, number, verification code and QR code), Latin and Arabic
names alternate, and nothing finished is reused between certificates. Both pipelines render the
same HTML from the same template; they differ in what WeasyPrint is given:

* naive: a fresh ``weasyprint.HTML(string=...).write_pdf()`` per certificate with default
  options, the stylesheet inline in the page and the system's full Noto fonts (what a first
  implementation does);
* ours: ``certificates.rendering.render_pdf``: the stylesheets (ours and a small user-agent one)
  and FontConfiguration parsed once per process, small pre-subset bundled fonts, PDF/A-3b output.

Runs are interleaved (ours, naive, ours, ...) so that load from other processes affects both
alike. The bulk part renders ``--bulk`` certificates through the same process pool that
``manage.py reissue_certificates`` uses (``certificates.bulk``), without the database writes.
``--stages`` then renders ``--n`` more certificates of each script through our pipeline with
timers around WeasyPrint's stages (CPU time, not a sampling profiler, so the figures add up to
the real cost). Not part of the test suite.
"""

import argparse
import collections
import functools
import itertools
import os
import platform
import re
import resource
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training.settings.dev")

import django

django.setup()

import weasyprint  # noqa: E402
from django.template.loader import get_template  # noqa: E402

from certificates import bulk, rendering  # noqa: E402
from certificates.models import new_verification_code  # noqa: E402

LATIN = ["Amina Diallo", "Olga Petrova", "Carlos Mendes", "Hélène Lefèvre", "Kwame Mensah"]
ARABIC = ["سارة حداد", "عمر فرح", "ليلى كريمي", "فاطمة حداد", "نادية كريمي"]
COURSE = "Decent treatment of migrant workers and their families"


def document(number, arabic):
    names = ARABIC if arabic else LATIN
    code = new_verification_code()
    return rendering.CertificateDocument(
        number=f"NPS-2026-{number:05d}",
        holder_name=f"{names[number % len(names)]} {number}",
        service_number=f"NPS-{number:05d}",
        agency_name="National Police Service",
        course_title="معاملة العمال المهاجرين وأسرهم معاملة لائقة" if arabic else COURSE,
        completed_on=date(2026, 3, 1),
        issued_on=date(2026, 3, 2),
        expires_on=date(2028, 3, 2),
        score=Decimal("92.50"),
        issuer_name="National Police Service",
        signatory_name="Alex Morgan",
        signatory_title="Director of Training",
        verification_url=f"https://training.police.example/certificates/verify/{code}/",
        language="ar" if arabic else "en",
    )


def naive_css():
    """Our stylesheet as a first implementation would inline it: system fonts by name."""
    css = get_template(rendering.STYLESHEET_NAME).template.source
    css = re.sub(r"@font-face[^}]*}", "", css)
    return css.replace('"Certificate Sans"', '"Noto Sans"').replace(
        '"Certificate Arabic"', '"Noto Naskh Arabic"'
    )


def naive_pdf(doc, css):
    html = rendering.render_html(doc).replace("</head>", f"<style>{css}</style></head>")
    return weasyprint.HTML(string=html).write_pdf()


def timed(function, *args):
    """Wall-clock and CPU seconds of one call (CPU time is what other load cannot inflate)."""
    start, cpu_start = time.perf_counter(), time.process_time()
    result = function(*args)
    return (time.perf_counter() - start, time.process_time() - cpu_start), result


def compare(n):
    css = naive_css()
    rendering.render_pdf(document(0, False))  # build the per-process objects once
    naive_pdf(document(0, False), css)  # and let the naive path warm its caches too
    results = {}
    for label, arabic in (("Latin", False), ("Arabic", True)):
        ours, naive, sizes = [], [], []
        for i in range(1, n + 1):
            seconds, pdf = timed(rendering.render_pdf, document(i, arabic))
            ours.append(seconds)
            sizes.append(len(pdf))
            seconds, _pdf = timed(naive_pdf, document(i, arabic), css)
            naive.append(seconds)
        results[label] = {
            "wall": (median(ours, 0), median(naive, 0)),
            "cpu": (median(ours, 1), median(naive, 1)),
            "size": statistics.median(sizes),
        }
    return results


def median(pairs, index):
    return statistics.median(pair[index] for pair in pairs)


def bulk_run(count, workers):
    items = [(i, document(i, i % 2 == 1)) for i in range(count)]
    started = time.perf_counter()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    rendered = 0
    with bulk.multiprocessing.get_context("fork").Pool(
        workers, initializer=bulk._init_worker
    ) as pool:
        for _pk, content, error in pool.imap_unordered(bulk._render, items, chunksize=4):
            if error is not None:
                raise error
            rendered += len(content) > 0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (children.ru_utime - children_before.ru_utime) + (
        children.ru_stime - children_before.ru_stime
    )
    return rendered, time.perf_counter() - started, cpu


STAGES = (
    # label, module, owner (attribute path inside the module), function name
    ("Django template + QR code (segno)", "certificates.rendering", "", "render_html"),
    ("HTML parsing (tinyhtml5)", "weasyprint", "HTML", "__init__"),
    ("CSS cascade", "weasyprint.document", "", "get_all_computed_styles"),
    ("box tree", "weasyprint.document", "", "build_formatting_structure"),
    ("cascade + box tree + layout", "weasyprint.document", "Document", "_render"),
    ("drawing, all", "weasyprint.document", "Page", "paint"),
    ("drawing, QR code SVG only", "weasyprint.svg", "SVG", "draw"),
    ("fonts: subsetting and embedding", "weasyprint.pdf", "", "build_fonts_dictionary"),
    ("PDF objects, drawing and fonts", "weasyprint.document", "", "generate_pdf"),
    ("PDF serialisation, compression, file ID", "pydyf", "PDF", "write"),
)


def stages(n):
    """CPU time per certificate spent in each stage of both pipelines, in ms."""
    import importlib

    spent = collections.Counter()

    def timer(label, function):
        @functools.wraps(function)
        def timed_function(*args, **kwargs):
            cpu_start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += time.process_time() - cpu_start

        return timed_function

    for label, module, owner, name in STAGES:
        target = importlib.import_module(module)
        for part in filter(None, owner.split(".")):
            target = getattr(target, part)
        raw = vars(target)[name] if isinstance(target, type) else getattr(target, name)
        if isinstance(raw, classmethod):
            setattr(target, name, classmethod(timer(label, raw.__func__)))
        else:
            setattr(target, name, timer(label, raw))
    css = naive_css()
    pipelines = {
        "ours": rendering.render_pdf,
        "naive": lambda doc: naive_pdf(doc, css),
    }
    results = {}
    for (pipeline, render), (script, arabic) in itertools.product(
        pipelines.items(), (("Latin", False), ("Arabic", True))
    ):
        render(document(0, arabic))
        spent.clear()
        cpu_start = time.process_time()
        for i in range(1, n + 1):
            render(document(i, arabic))
        total = time.process_time() - cpu_start
        ms = {label: seconds / n * 1000 for label, seconds in spent.items()}
        layout = ms.pop("cascade + box tree + layout") - ms["CSS cascade"] - ms["box tree"]
        pdf_rest = ms.pop("PDF objects, drawing and fonts") - ms["drawing, all"]
        pdf_rest -= ms["fonts: subsetting and embedding"]
        rows = {
            "Django template + QR code (segno)": ms["Django template + QR code (segno)"],
            "HTML parsing (tinyhtml5)": ms["HTML parsing (tinyhtml5)"],
            "CSS cascade": ms["CSS cascade"],
            "box tree": ms["box tree"],
            "layout (text shaping, line breaking, positioning)": layout,
            "drawing, text and borders": ms["drawing, all"] - ms["drawing, QR code SVG only"],
            "drawing, QR code SVG": ms["drawing, QR code SVG only"],
            "fonts: subsetting and embedding": ms["fonts: subsetting and embedding"],
            "PDF objects, PDF/A metadata and output intent": pdf_rest,
            "PDF serialisation, compression, file ID": ms[
                "PDF serialisation, compression, file ID"
            ],
        }
        rows["other (setting up, Python glue)"] = total / n * 1000 - sum(rows.values())
        rows["total"] = total / n * 1000
        results[f"{pipeline} {script}"] = rows
    return results


def machine():
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        load = "unknown"
    return (
        f"{cpu}, {len(os.sched_getaffinity(0))} CPUs available, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, WeasyPrint "
        f"{weasyprint.__version__}; load average before the run: {load}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30, help="certificates per script and pipeline")
    parser.add_argument("--bulk", type=int, default=1000, help="certificates for the pool run")
    parser.add_argument("--workers", type=int, default=bulk.default_workers())
    parser.add_argument(
        "--stages", action="store_true", help="also time the stages of our pipeline"
    )
    options = parser.parse_args()

    print(f"Machine: {machine()}")
    print(f"Per certificate, median of {options.n}, in ms (wall clock / CPU time):")
    print(f"{'names':<8} {'ours':>13} {'naive':>13} {'speed-up':>15} {'PDF size':>9}")
    for label, result in compare(options.n).items():
        (ours, naive), (ours_cpu, naive_cpu) = result["wall"], result["cpu"]
        print(
            f"{label:<8} {ours * 1000:6.1f} /{ours_cpu * 1000:5.1f} "
            f"{naive * 1000:6.1f} /{naive_cpu * 1000:5.1f} "
            f"{naive / ours:6.1f}x /{naive_cpu / ours_cpu:5.1f}x {result['size'] / 1024:7.1f}kB"
        )
    if options.bulk:
        rendered, seconds, cpu = bulk_run(options.bulk, options.workers)
        print(
            f"Bulk: {rendered} certificates in {seconds:.1f} s wall clock with "
            f"{options.workers} processes ({rendered / seconds:.1f}/s): 10,000 would take "
            f"{seconds / rendered * 10_000 / 60:.1f} min at this rate."
        )
        print(
            f"      {cpu / rendered * 1000:.1f} ms of CPU per certificate in the workers: "
            f"10,000 on {options.workers} otherwise idle cores would take "
            f"{cpu / rendered * 10_000 / options.workers / 60:.1f} min."
        )

    if options.stages:  # last: it wraps WeasyPrint's functions in this process
        breakdown = stages(options.n)
        print(f"By stage, CPU ms per certificate, mean of {options.n} (not interleaved):")
        print(f"{'stage':<50}" + "".join(f"{column:>13}" for column in breakdown))
        for row in next(iter(breakdown.values())):
            print(f"{row:<50}" + "".join(f"{rows[row]:13.2f}" for rows in breakdown.values()))


if __name__ == "__main__":
    main()
