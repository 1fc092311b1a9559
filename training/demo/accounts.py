"""Demo accounts: one per role, plus a station roster of officers."""

import itertools
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from compliance import roles
from compliance.models import OfficerProfile, Rank

FIRST_NAMES = [
    "Amina",
    "Daniel",
    "Mei",
    "Olga",
    "Carlos",
    "Fatima",
    "Jonas",
    "Priya",
    "Kwame",
    "Sofia",
    "Omar",
    "Hana",
    "Lucas",
    "Nadia",
    "Tomasz",
    "Aisha",
    "Mateo",
    "Yuki",
    "Samuel",
    "Leila",
    "Ivan",
    "Grace",
]
LAST_NAMES = [
    "Diallo",
    "Okafor",
    "Chen",
    "Petrova",
    "Mendes",
    "Haddad",
    "Berg",
    "Raman",
    "Mensah",
    "Rossi",
    "Farah",
    "Sato",
    "Silva",
    "Karimi",
    "Nowak",
    "Bello",
    "Garcia",
    "Tanaka",
    "Osei",
]

FURTHER_OFFICERS = 64


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str | None
    is_superuser: bool = False


ROLE_ACCOUNTS = [
    DemoAccount("officer", "Sara", "Haddad", roles.OFFICER),
    DemoAccount("trainer", "Thomas", "Weber", roles.TRAINER),
    DemoAccount("auditor", "Marie", "Dubois", roles.AUDITOR),
    DemoAccount("admin", "Alex", "Morgan", None, is_superuser=True),
]


def _officer_accounts():
    names = itertools.product(LAST_NAMES, FIRST_NAMES)
    for number in range(1, FURTHER_OFFICERS + 1):
        last_name, first_name = next(names)
        yield DemoAccount(f"officer{number:02d}", first_name, last_name, roles.OFFICER)


def seed_accounts(stations, password):
    """Create missing demo accounts with ``password``; return the usernames created."""
    User = get_user_model()
    password_hash = make_password(password)
    groups = {group.name: group for group in Group.objects.filter(name__in=roles.ROLE_NAMES)}
    ranks = list(Rank.objects.order_by("seniority"))
    created = []
    accounts = [*ROLE_ACCOUNTS, *_officer_accounts()]
    for index, account in enumerate(accounts):
        user, was_created = User.objects.get_or_create(
            username=account.username,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "email": f"{account.username}@police.example",
                "password": password_hash,
                "is_superuser": account.is_superuser,
                "is_staff": account.is_superuser,
            },
        )
        if not was_created:
            continue
        created.append(user.username)
        if account.role:
            user.groups.add(groups[account.role])
        if account.role == roles.OFFICER:
            OfficerProfile.objects.create(
                user=user,
                unit=stations[index % len(stations)],
                service_number=f"NPS-{index + 1:05d}",
                # Most officers are constables; every fifth holds a more senior rank.
                rank=ranks[0] if index % 5 else ranks[(index // 5) % len(ranks)],
                preferred_language="en",
            )
    return created


def demo_user(username):
    return get_user_model().objects.get(username=username)


def reset_passwords(password):
    """Give every demo account ``password``; return how many were changed."""
    usernames = [account.username for account in [*ROLE_ACCOUNTS, *_officer_accounts()]]
    return (
        get_user_model()
        .objects.filter(username__in=usernames)
        .update(password=make_password(password))
    )
