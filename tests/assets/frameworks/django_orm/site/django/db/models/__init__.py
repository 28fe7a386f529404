from django.db.models.base import Model
from django.db.models.manager import Manager
from django.db.models.query import QuerySet

__all__ = ["Manager", "Model", "QuerySet"]
