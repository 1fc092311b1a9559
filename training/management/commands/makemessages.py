from django.core.management.commands import makemessages

#: Not the product's text: tests, benchmarks and build output are never translated.
IGNORED = ["tests/*", "benchmarks/*", "build/*", "static/*", "media/*"]


class Command(makemessages.Command):
    """Django's makemessages, leaving out what users never see."""

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *IGNORED]
        super().handle(*args, **options)
