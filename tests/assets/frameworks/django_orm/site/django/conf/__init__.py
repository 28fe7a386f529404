from django.conf import global_settings


class Settings:
    """Django's defaults, which a project's settings module overrides."""

    def __getattr__(self, name):
        return getattr(global_settings, name)


settings = Settings()
