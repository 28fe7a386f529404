from django.apps import apps as django_apps
from django.conf import settings


def get_user_model():
    """The user model the settings name: read from the registry at run time."""
    return django_apps.get_model(*settings.AUTH_USER_MODEL.split("."))
