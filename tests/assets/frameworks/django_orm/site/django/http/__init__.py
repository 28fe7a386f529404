from django.http.request import HttpRequest, QueryDict

__all__ = ["HttpRequest", "QueryDict"]
