"""send_training_reminders emails each officer once per reminder and each commander once a week."""

import smtplib
from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command

from compliance.assignments.reminders import DigestSent, ReminderSent
from compliance.assignments.status import Status
from tests.courses.factories import build_course

from ..factories import OfficerProfileFactory, OrgUnitFactory, UserFactory
from .assignment_helpers import assign, complete_with_certificate

TODAY = date(2030, 6, 10)  # a Monday: ISO week 2030-W24


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("The mail server is down.")


def run(*args, today=TODAY):
    out = StringIO()
    call_command("send_training_reminders", f"--today={today.isoformat()}", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def courses(db):
    return build_course(modules=1, slug="rights"), build_course(modules=1, slug="custody")


@pytest.fixture
def obligations(org_tree, courses):
    """Officers of four units: due soon (on two courses), overdue, in good time, trained."""
    rights, custody = courses
    units = {
        "due-soon": org_tree["north_1"],
        "overdue": org_tree["north_2"],
        "in-time": org_tree["south_1"],
        "trained": OrgUnitFactory(parent=org_tree["south"], name="South Two", code="tp-s2"),
    }
    people = {
        name: OfficerProfileFactory(user__username=name, unit=unit, preferred_language="en").user
        for name, unit in units.items()
    }
    complete_with_certificate(people["trained"], rights)
    for name, due_on in (
        ("due-soon", date(2030, 6, 20)),
        ("overdue", date(2030, 6, 1)),
        ("in-time", date(2030, 9, 1)),
        ("trained", date(2030, 6, 1)),
    ):
        assign(rights, units[name], due_on=due_on)
    assign(custody, units["due-soon"], due_on=date(2030, 6, 15))
    return people


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_officers_due_soon_or_overdue_get_one_email_each(obligations):
    output = run()

    assert recipients() == sorted([obligations["due-soon"].email, obligations["overdue"].email])
    by_address = {message.to[0]: message for message in mail.outbox}
    due_soon = by_address[obligations["due-soon"].email]
    assert "Course rights" in due_soon.body and "Course custody" in due_soon.body
    assert "Due soon" in due_soon.body
    assert "2 courses" in due_soon.subject
    assert "/my-training/" in due_soon.body
    assert due_soon.alternatives[0][1] == "text/html"
    overdue = by_address[obligations["overdue"].email]
    assert "Overdue" in overdue.body
    assert ReminderSent.objects.filter(kind=Status.OVERDUE).count() == 1
    assert "Reminders sent: 2;" in output


def test_a_second_run_sends_nothing(obligations):
    run()
    mail.outbox.clear()
    rows = ReminderSent.objects.count()

    output = run()

    assert mail.outbox == []
    assert ReminderSent.objects.count() == rows
    assert "Reminders sent: 0;" in output


def test_a_due_soon_reminder_is_followed_by_an_overdue_one(obligations):
    run()
    mail.outbox.clear()

    run(today=date(2030, 6, 21))

    assert obligations["due-soon"].email in recipients()
    assert ReminderSent.objects.filter(
        obligation__user=obligations["due-soon"], kind=Status.OVERDUE
    ).exists()


def test_a_dry_run_sends_and_records_nothing(obligations):
    output = run("--dry-run")

    assert mail.outbox == []
    assert not ReminderSent.objects.exists()
    assert not DigestSent.objects.exists()
    assert "Would send reminder to " + obligations["overdue"].email in output
    assert "Dry run" in output


def test_a_failed_send_records_nothing_so_the_next_run_retries(obligations, settings):
    settings.EMAIL_BACKEND = "tests.compliance.test_reminders.FailingBackend"

    with pytest.raises(CommandError, match="Emails not sent: 2"):
        run()

    assert not ReminderSent.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run()
    assert len(mail.outbox) == 2


def test_reminders_go_in_the_officers_language(obligations):
    profile = obligations["overdue"].officer_profile
    profile.preferred_language = "fr"
    profile.save()

    run()

    message = next(m for m in mail.outbox if m.to == [obligations["overdue"].email])
    assert message.extra_headers["Content-Language"] == "fr"
    assert "1 juin 2030" in message.body  # the due date in French
    english = next(m for m in mail.outbox if m.to == [obligations["due-soon"].email])
    assert "June 20, 2030" in english.body


def test_an_unknown_date_is_refused(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_training_reminders", "--today=10/06/2030")


@pytest.fixture
def commander(org_tree):
    user = UserFactory(username="commander", email="commander@police.example")
    org_tree["north"].commander = user
    org_tree["north"].save()
    return user


def digests():
    return [message for message in mail.outbox if "digest" in message.subject.lower()]


def test_a_commander_gets_one_digest_a_week_for_their_subtree(obligations, commander):
    run()

    [digest] = digests()
    assert digest.to == [commander.email]
    assert "North" in digest.subject
    assert "Overdue: 1" in digest.body
    assert obligations["overdue"].get_full_name() in digest.body
    assert obligations["trained"].get_full_name() not in digest.body  # south is not theirs
    mail.outbox.clear()

    run(today=date(2030, 6, 16))  # the Sunday of the same ISO week
    assert digests() == []

    run(today=date(2030, 6, 17))  # the next week
    assert len(digests()) == 1
    assert DigestSent.objects.filter(commander=commander).count() == 2


def test_a_reminder_another_run_recorded_first_is_not_sent_again(obligations):
    from compliance.assignments import mailing

    first, _second = mailing.pending_reminders(TODAY)
    run()  # another run sends both meanwhile
    mail.outbox.clear()

    assert mailing.send_reminder(first) is False
    assert mail.outbox == []
