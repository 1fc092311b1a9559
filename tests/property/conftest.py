"""A fixed budget for the property-based tests.

Each test tries at most 50 generated inputs, with no per-example deadline (the first request of a
test warms caches and can be slow). CI uses the ``ci`` profile: the same budget, derandomised, so
a run is reproducible. Pick a profile with ``HYPOTHESIS_PROFILE`` (``ci``, ``default``, or
``thorough`` for a longer hunt on a developer's machine).
"""

import os

from hypothesis import HealthCheck, settings

#: The tests share one database set-up across examples and undo each example themselves.
SHARED_SETUP = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]

settings.register_profile(
    "default", max_examples=50, deadline=None, suppress_health_check=SHARED_SETUP, database=None
)
settings.register_profile("ci", settings.get_profile("default"), derandomize=True)
settings.register_profile("thorough", settings.get_profile("default"), max_examples=1000)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default")
)
