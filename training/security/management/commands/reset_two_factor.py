from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from training.security import two_factor


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator and recovery codes (a lost phone), so that they set up "
        "new ones at their next login. Check who is asking before running it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"There is no user {username!r}.") from None
        if not two_factor.has_device(user):
            raise CommandError(f"{username} has no two-factor device.")
        two_factor.remove_devices(user)
        self.stdout.write(f"Removed the two-factor devices of {username}.")
