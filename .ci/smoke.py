"""Smoke test of a running production server: python .ci/smoke.py BASE_URL

Talks plain HTTP on loopback with ``X-Forwarded-Proto: https``, as the TLS proxy in front of
gunicorn does (the server runs with USE_X_FORWARDED_PROTO=true), and checks that:

* ``/health/`` answers 200 with every check ok;
* the home page answers 200 and its stylesheet, a hashed file, is served by WhiteNoise;
* the demo officer logs in through the public login form (CSRF token and all);
* their training page lists the demo course;
* with ``--log FILE`` (the server's stdout), every line is a JSON object and the login's POST
  is there with its status, duration and request id.

Exits with status 1 at the first failure. Uses the standard library only. The password is read
from DEMO_PASSWORD.
"""

import argparse
import http.cookiejar
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_COURSE = PROJECT_ROOT / "training" / "demo" / "content" / "course.en.json"


class Failure(Exception):
    pass


class BehindProxyCookies(http.cookiejar.DefaultCookiePolicy):
    """Return secure cookies over the loopback's plain HTTP: the server sees HTTPS."""

    def return_ok_secure(self, cookie, request):
        return True


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar(BehindProxyCookies())
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(self, path, data=None, referer=None):
        """Return (status, headers, body text); redirects are not followed."""
        headers = {"X-Forwarded-Proto": "https"}
        if referer:
            # Django's CSRF check on HTTPS wants a same-origin Referer.
            headers["Referer"] = "https://" + urllib.parse.urlsplit(self.base_url).netloc + referer
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()


def expect(condition, message):
    if not condition:
        raise Failure(message)


def wait_until_up(client, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return client.request("/health/")
        except OSError:
            if time.monotonic() > deadline:
                raise Failure(f"No answer from {client.base_url} in {seconds} s.") from None
            time.sleep(0.5)


def check_health(client):
    status, _headers, body = wait_until_up(client)
    expect(status == 200, f"/health/ answered {status}: {body}")
    checks = json.loads(body)["checks"]
    expect(set(checks.values()) == {"ok"}, f"/health/ reports a failed check: {checks}")
    return f"health: {checks}"


def check_static(client):
    status, _headers, body = client.request("/")
    expect(status == 200, f"The home page answered {status}.")
    match = re.search(r'<link rel="stylesheet" href="(/static/[^"]+\.css)"', body)
    expect(match, "The home page links no stylesheet under /static/.")
    stylesheet = match.group(1)
    expect(
        re.search(r"\.[0-9a-f]{12}\.css$", stylesheet),
        f"{stylesheet} is not a hashed name: is the manifest storage in use?",
    )
    status, headers, _css = client.request(stylesheet)
    expect(status == 200, f"{stylesheet} answered {status}.")
    expect(headers.get_content_type() == "text/css", f"{stylesheet} is not served as CSS.")
    expect(
        "immutable" in headers.get("Cache-Control", ""),
        f"{stylesheet} is not served by WhiteNoise as an immutable file.",
    )
    return f"home page and {stylesheet}: 200"


def log_in(client, username, password):
    login = "/accounts/login/"
    status, _headers, body = client.request(login)
    expect(status == 200, f"The login page answered {status}.")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    expect(token, "The login form has no CSRF token.")
    status, headers, body = client.request(
        login,
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": password,
            "next": "",
        },
        referer=login,
    )
    expect(status == 302, f"Logging in as {username} answered {status}, not a redirect.")
    return headers["Location"]


def check_officer(client, password):
    landing = log_in(client, "officer", password)
    path = urllib.parse.urlsplit(landing).path
    expect(path == "/my-training/", f"After logging in the officer is sent to {landing}.")
    status, _headers, body = client.request(path)
    expect(status == 200, f"{path} answered {status}.")
    course = json.loads(DEMO_COURSE.read_text())["title"]
    expect(course in body, f"{path} does not list the course {course!r}.")
    return f"officer logged in; {path} lists {course!r}"


def check_log(log_file):
    entries = []
    for number, line in enumerate(Path(log_file).read_text().splitlines(), start=1):
        try:
            entries.append(json.loads(line))
        except ValueError:
            raise Failure(f"Line {number} of the server's log is not JSON: {line}") from None
    logins = [
        entry
        for entry in entries
        if entry.get("method") == "POST" and entry.get("path") == "/accounts/login/"
    ]
    expect(logins, "The server's log has no line for the login POST.")
    expect(
        logins[-1]["status"] == 302 and logins[-1]["request_id"] and "duration_ms" in logins[-1],
        f"The login's log line lacks its status, request id or duration: {logins[-1]}",
    )
    return f"{len(entries)} log lines, all JSON; the login is logged: {logins[-1]}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("--log", help="the server's stdout, to check it holds JSON lines")
    args = parser.parse_args()
    password = os.environ.get("DEMO_PASSWORD")
    if not password:
        sys.exit("Set DEMO_PASSWORD to the demo accounts' password.")
    client = Client(args.base_url)
    try:
        for check in (check_health, check_static):
            print("ok:", check(client))
        print("ok:", check_officer(client, password))
        if args.log:
            print("ok:", check_log(args.log))
    except Failure as failure:
        print("FAILED:", failure, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
