from django.apps.registry import Apps, apps

__all__ = ["Apps", "apps"]
