from django.apps.registry import Apps
from django.apps.registry import apps as global_apps


class StateApps(Apps):
    """The models as a migration's state has them (Django renders historical copies;
    here they are the registry's own)."""

    def __init__(self, real_apps):
        super().__init__()
        self.all_models = real_apps.all_models


class ProjectState:
    def __init__(self, real_apps=None):
        self.apps = StateApps(real_apps or global_apps)
