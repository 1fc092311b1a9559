"""The content security policy: strict on the public site, loosened for the Wagtail admin."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.access_world import build_world

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_APPS = ("training", "courses", "quizzes", "certificates", "compliance")
#: What a policy without 'unsafe-inline' blocks: inline scripts, event handler attributes, style
#: attributes and style elements.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"
    r"|\son[a-z]+\s*="
    r"|\sstyle\s*="
    r"|<style\b",
    re.IGNORECASE,
)


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def public_templates():
    """Templates the public site renders: not the admin's, nor PDFs and emails."""
    for app in PUBLIC_APPS:
        for path in (ROOT / app / "templates").rglob("*.html"):
            relative = path.relative_to(ROOT).as_posix()
            if "/pdf/" in relative or "/emails/" in relative:
                continue
            if '{% extends "wagtailadmin/' in path.read_text():
                continue
            yield relative


@pytest.fixture
def world(db):
    return build_world()


def public_urls(world):
    return [
        world.home.url,
        world.course.url,
        world.module.url,
        reverse("courses:my_training"),
        reverse("quizzes:start", kwargs={"slug": world.quiz.slug}),
        reverse("quizzes:attempt", kwargs={"pk": world.open_attempt.pk}),
        reverse("certificates:verify", kwargs={"code": world.certificate.verification_code}),
        reverse("two_factor_overview"),
        reverse("two_factor_setup"),
    ]


def test_public_pages_carry_a_policy_without_inline_scripts_or_styles(client, world):
    client.force_login(world.users["officer"])
    for url in public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        found = INLINE.findall(response.content.decode())
        assert not found, f"{url} has inline code a strict policy blocks: {found}"


def test_the_login_page_carries_the_strict_policy(client, db):
    response = client.get(reverse("login"))
    assert directives(response)["script-src"] == ["'self'"]


def test_public_templates_have_no_inline_scripts_handlers_or_styles():
    offenders = {
        template: INLINE.findall((ROOT / template).read_text()) for template in public_templates()
    }
    assert not {name: found for name, found in offenders.items() if found}


def test_the_wagtail_admin_gets_the_looser_policy_it_needs(client, trainer):
    client.force_login(trainer)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
