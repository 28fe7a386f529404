from django.db.models.base import Model
from django.db.models.fields import CharField, IntegerField
from django.db.models.fields.related import ForeignKey, ManyToManyField, OneToOneField
from django.db.models.manager import Manager
from django.db.models.query import QuerySet

__all__ = [
    "CharField",
    "ForeignKey",
    "IntegerField",
    "Manager",
    "ManyToManyField",
    "Model",
    "OneToOneField",
    "QuerySet",
]
