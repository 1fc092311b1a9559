"""Validating a roster against the database and applying the changes it asks for."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .. import ledger, roles
from ..assignments.sync import sync_all
from ..ledger import actions
from ..models import OfficerProfile, OrgUnit, Rank

REQUIRED = ("service_number", "first_name", "last_name", "email", "unit_code")
TRUE = {"true", "1", "yes"}
FALSE = {"false", "0", "no"}

#: Fields compared on an existing officer, each on the user or on the profile.
USER_FIELDS = ("first_name", "last_name", "email", "is_active")
PROFILE_FIELDS = ("unit", "rank", "preferred_language")

#: Fields whose values the ledger keeps. Other changed fields are listed by name only: the
#: officer's name is in the entry's subject snapshot already, and an email address should not
#: enter a record that can never be erased.
LEDGER_VALUES = ("unit", "rank", "is_active", "preferred_language")

#: The action in Wagtail's admin log for an applied roster (labelled in ``wagtail_hooks``).
IMPORT_LOG_ACTION = "compliance.roster_import"


@dataclass
class RowError:
    row: int
    reason: str


@dataclass
class Change:
    """One officer to create, update or deactivate; ``fields`` maps a field to (old, new)."""

    service_number: str
    name: str
    row: int | None = None
    values: dict = field(default_factory=dict)
    fields: dict = field(default_factory=dict)
    profile: OfficerProfile | None = None


@dataclass
class ImportPlan:
    agency: OrgUnit
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    deactivations: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def _language(value):
    """The site's code for ``value`` ("zh_Hans" and "ZH-HANS" both mean "zh-hans"), or None."""
    candidate = value.replace("_", "-").lower()
    codes = {code.lower(): code for code, _name in settings.LANGUAGES}
    return codes.get(candidate)


def _username(agency, service_number):
    return f"{agency.code}-{service_number}".lower()


def _column_limits():
    """The longest value each column may hold: the length of the field it is stored in."""
    User = get_user_model()
    fields = {
        "service_number": OfficerProfile._meta.get_field("service_number"),
        "first_name": User._meta.get_field("first_name"),
        "last_name": User._meta.get_field("last_name"),
        "email": User._meta.get_field("email"),
        "rank": Rank._meta.get_field("name"),
        "unit_code": OrgUnit._meta.get_field("code"),
        "preferred_language": OfficerProfile._meta.get_field("preferred_language"),
    }
    return {column: field.max_length for column, field in fields.items()}


def _unstorable(row, limits):
    """Why the row's cells cannot be stored as they are: a NUL character (PostgreSQL refuses
    it even in a query) or a value longer than its field."""
    reasons = []
    for column, value in row.values.items():
        if "\x00" in value:
            reasons.append(
                _("The value in column %(column)s contains a NUL character.") % {"column": column}
            )
        elif column in limits and len(value) > limits[column]:
            reasons.append(
                _("The value in column %(column)s is longer than %(limit)s characters.")
                % {"column": column, "limit": limits[column]}
            )
    return reasons


def plan_import(rows, *, agency, deactivate_leavers=False):
    """Check every row and work out what importing them would change; changes nothing."""
    plan = ImportPlan(agency=agency)
    limits = _column_limits()
    storable = []
    for row in rows:
        reasons = _unstorable(row, limits)
        plan.errors.extend(RowError(row=row.number, reason=reason) for reason in reasons)
        if not reasons:
            storable.append(row)
    rows = storable
    units = {
        unit.code: unit
        for unit in OrgUnit.objects.filter(code__in={row.values["unit_code"] for row in rows})
    }
    ranks = {rank.name.casefold(): rank for rank in Rank.objects.all()}
    profiles = {
        profile.service_number: profile
        for profile in OfficerProfile.objects.filter(agency=agency).select_related(
            "user", "unit", "rank"
        )
    }
    User = get_user_model()
    new_usernames = {
        _username(agency, row.values["service_number"])
        for row in rows
        if row.values["service_number"] not in profiles
    }
    taken_usernames = set(
        User.objects.filter(username__in=new_usernames).values_list("username", flat=True)
    )
    seen = {}

    for row in rows:
        values = row.values
        reasons = []
        for column in REQUIRED:
            if not values[column]:
                reasons.append(_("A value for %(column)s is required.") % {"column": column})

        number = values["service_number"]
        if number:
            # Usernames are lowercased, so "A1" and "a1" would be the same account.
            key = number.casefold()
            if key in seen:
                reasons.append(
                    _("Service number %(service_number)s already appears in row %(row)s.")
                    % {"service_number": number, "row": seen[key]}
                )
            else:
                seen[key] = row.number

        unit = None
        if values["unit_code"]:
            unit = units.get(values["unit_code"])
            if unit is None:
                reasons.append(_("No unit has the code %(code)s.") % {"code": values["unit_code"]})
            elif not unit.path.startswith(agency.path):
                reasons.append(
                    _("Unit %(code)s is not part of %(agency)s.")
                    % {"code": unit.code, "agency": agency}
                )
                unit = None

        rank = None
        if values["rank"]:
            rank = ranks.get(values["rank"].casefold())
            if rank is None:
                reasons.append(_("No rank is called %(rank)s.") % {"rank": values["rank"]})

        if values["email"]:
            try:
                validate_email(values["email"])
            except ValidationError:
                reasons.append(
                    _("%(email)s is not a valid email address.") % {"email": values["email"]}
                )

        language = ""
        if values["preferred_language"]:
            language = _language(values["preferred_language"])
            if language is None:
                reasons.append(
                    _("%(value)s is not one of the site's languages.")
                    % {"value": values["preferred_language"]}
                )

        active = values["active"].lower()
        if active and active not in TRUE | FALSE:
            reasons.append(
                _("%(value)s is not a valid value for active; use true, false, 1, 0, yes or no.")
                % {"value": values["active"]}
            )

        existing = profiles.get(number)
        if number and existing is None and _username(agency, number) in taken_usernames:
            reasons.append(
                _("The username %(username)s is already taken by another account.")
                % {"username": _username(agency, number)}
            )

        if reasons:
            plan.errors.extend(RowError(row=row.number, reason=reason) for reason in reasons)
            continue

        wanted = {
            "first_name": values["first_name"],
            "last_name": values["last_name"],
            "email": values["email"],
            "is_active": active not in FALSE,
            "unit": unit,
            "rank": rank,
            "preferred_language": language,
        }
        name = f"{values['first_name']} {values['last_name']}"
        if existing is None:
            plan.creates.append(
                Change(service_number=number, name=name, row=row.number, values=wanted)
            )
            continue
        current = {name: getattr(existing.user, name) for name in USER_FIELDS}
        current |= {name: getattr(existing, name) for name in PROFILE_FIELDS}
        changed = {
            name: (current[name], wanted[name]) for name in wanted if current[name] != wanted[name]
        }
        if changed:
            plan.updates.append(
                Change(
                    service_number=number,
                    name=name,
                    row=row.number,
                    values=wanted,
                    fields=changed,
                    profile=existing,
                )
            )

    if deactivate_leavers:
        for number, profile in sorted(profiles.items()):
            if number.casefold() not in seen and profile.user.is_active:
                plan.deactivations.append(
                    Change(
                        service_number=number,
                        name=profile.user.get_full_name(),
                        fields={"is_active": (True, False)},
                        profile=profile,
                    )
                )
    plan.errors.sort(key=lambda error: error.row)
    return plan


def apply(plan, *, user=None, file_name="", file_sha256=""):
    """Make the planned changes, all or none, and record them; a plan with errors is refused.

    Every officer added, updated or deactivated gets a ledger entry, and the import as a whole
    an entry in Wagtail's admin log on the agency. ``user`` is who imported (None from the
    command); the file's name and SHA-256, when given, go into both records. Once the roster
    is committed, the officers' course obligations follow it (``sync_all``).
    """
    if not plan.ok:
        raise ValueError("A roster plan with errors cannot be applied.")
    User = get_user_model()
    officers = Group.objects.get(name=roles.OFFICER)
    today = timezone.localdate()
    source = {"file_name": file_name, "file_sha256": file_sha256} if file_sha256 else {}
    with transaction.atomic():
        for change in plan.creates:
            values = change.values
            new_user = User(
                username=_username(plan.agency, change.service_number),
                **{name: values[name] for name in USER_FIELDS},
            )
            new_user.set_unusable_password()
            new_user.save()
            new_user.groups.add(officers)
            change.profile = OfficerProfile.objects.create(
                user=new_user,
                service_number=change.service_number,
                unit_joined_on=today,
                **{name: values[name] for name in PROFILE_FIELDS},
            )
        for change in plan.updates + plan.deactivations:
            profile = change.profile
            user_fields = [name for name in change.fields if name in USER_FIELDS]
            profile_fields = [name for name in change.fields if name in PROFILE_FIELDS]
            for name, (_old, new) in change.fields.items():
                setattr(profile.user if name in USER_FIELDS else profile, name, new)
            if user_fields:
                profile.user.save(update_fields=user_fields)
            if profile_fields:
                if "unit" in profile_fields:
                    profile.unit_joined_on = today
                    profile_fields += ["unit_joined_on", "agency"]
                profile.save(update_fields=profile_fields)
        _record(plan, user, source)
    if plan.creates or plan.updates or plan.deactivations:
        # Newcomers get their assigned courses, movers their new due dates, leavers lose theirs.
        sync_all()


def _record(plan, user, source):
    """The ledger entries and the admin log entry, last in the transaction as the ledger asks."""
    for action, changes in (
        (actions.ROSTER_ADD, plan.creates),
        (actions.ROSTER_UPDATE, plan.updates),
        (actions.ROSTER_DEACTIVATE, plan.deactivations),
    ):
        for change in changes:
            fields = change.fields or {name: (None, value) for name, value in change.values.items()}
            ledger.record(
                action,
                actor=user,
                subject=change.profile.user,
                details={
                    "agency": plan.agency.code,
                    "service_number": change.service_number,
                    "row": change.row,
                    "fields": sorted(fields),
                    "values": {
                        name: [_plain(old), _plain(new)]
                        for name, (old, new) in fields.items()
                        if name in LEDGER_VALUES
                    },
                    **source,
                },
            )
    log(
        plan.agency,
        IMPORT_LOG_ACTION,
        user=user,
        data={
            "created": len(plan.creates),
            "updated": len(plan.updates),
            "deactivated": len(plan.deactivations),
            **source,
        },
    )


def _plain(value):
    """A compared value as JSON: units by code, ranks by name."""
    if isinstance(value, OrgUnit):
        return value.code
    if isinstance(value, Rank):
        return value.name
    return value
