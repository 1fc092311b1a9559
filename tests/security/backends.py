from axes.backends import AxesStandaloneBackend


class RequestOptionalLockoutBackend(AxesStandaloneBackend):
    """Axes's lock-out check, skipped when ``authenticate()`` is called without a request, as the
    test client's ``login()`` does. Deployed settings use Axes's own backend, which refuses."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
