"""The demo home page text."""

from training.models import HomePage

INTRO = (
    "Learn, and show that you learned, the international standards for the decent treatment "
    "of migrant workers and members of their families."
)
BODY = (
    "<p>In resolution 2001/53 the UN Commission on Human Rights urged countries of destination "
    "to ensure that their police forces and migration authorities comply with the basic standards "
    "on the decent treatment of migrant workers and their families, including through training "
    "courses on human rights.</p>"
    "<p>Log in to see the courses assigned to you, study at your own pace on any device, take the "
    "assessments and download your certificate.</p>"
)


def seed_home_page():
    """Fill in the home page once; later edits by trainers are left alone."""
    home = HomePage.objects.first()
    if home is None or home.intro:
        return
    home.intro = INTRO
    home.body = BODY
    home.save_revision().publish()
