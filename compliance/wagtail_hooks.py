from wagtail import hooks

from . import certificate_details


@hooks.register("certificates_holder_details")
def certificate_holder_details(user):
    return certificate_details.holder_details(user)


@hooks.register("certificates_users_in_unit")
def certificate_users_in_unit(code):
    return certificate_details.users_in_unit(code)
