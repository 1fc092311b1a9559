"""Factories for users in each role and for the organisation tree."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from compliance import roles
from compliance.models import OfficerProfile, OrgUnit, Rank


class OrgUnitFactory(factory.django.DjangoModelFactory):
    """Builds a unit; pass ``parent=`` for a child, omit it for an agency (a root)."""

    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"Unit {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = OrgUnit.Kind.STATION

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        if parent is None:
            kwargs.setdefault("kind", OrgUnit.Kind.AGENCY)
            return model_class.add_root(**kwargs)
        parent.refresh_from_db()
        return parent.add_child(**kwargs)


class RankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rank
        django_get_or_create = ["name"]

    name = "Constable"
    seniority = 10


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@police.example")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.add(Group.objects.get(name=extracted))


class OfficerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficerProfile

    user = factory.SubFactory(UserFactory, role=roles.OFFICER)
    unit = factory.SubFactory(OrgUnitFactory)
    service_number = factory.Sequence(lambda n: f"SN-{n:05d}")
    rank = factory.SubFactory(RankFactory)
    preferred_language = "en"
