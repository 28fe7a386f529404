from django.urls.conf import path

__all__ = ["path"]
