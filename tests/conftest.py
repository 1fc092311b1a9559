import pytest
from django.conf import settings
from django.utils import translation

from compliance import roles

from .factories import OfficerProfileFactory, OrgUnitFactory, UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a request in another language (an
    officer's preferred one, say) leaves it active on the thread, as Django does."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def org_tree(db):
    """An agency with two regions of two stations each."""
    agency = OrgUnitFactory(name="Test Police", code="tp")
    north = OrgUnitFactory(parent=agency, name="North", code="tp-n", kind="region")
    south = OrgUnitFactory(parent=agency, name="South", code="tp-s", kind="region")
    return {
        "agency": agency,
        "north": north,
        "south": south,
        "north_1": OrgUnitFactory(parent=north, name="North One", code="tp-n1"),
        "north_2": OrgUnitFactory(parent=north, name="North Two", code="tp-n2"),
        "south_1": OrgUnitFactory(parent=south, name="South One", code="tp-s1"),
    }


@pytest.fixture
def officer(org_tree):
    return OfficerProfileFactory(user__username="officer", unit=org_tree["north_1"]).user


@pytest.fixture
def other_officer(org_tree):
    return OfficerProfileFactory(user__username="other-officer", unit=org_tree["south_1"]).user


@pytest.fixture
def trainer(db):
    return UserFactory(username="trainer", role=roles.TRAINER)


@pytest.fixture
def auditor(db):
    return UserFactory(username="auditor", role=roles.AUDITOR)


@pytest.fixture
def training_admin(db):
    return UserFactory(username="training-admin", role=roles.TRAINING_ADMINISTRATOR)


@pytest.fixture
def role_users(officer, trainer, auditor, training_admin):
    return {
        "officer": officer,
        "trainer": trainer,
        "auditor": auditor,
        "training administrator": training_admin,
    }
