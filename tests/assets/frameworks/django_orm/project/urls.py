from django.http import HttpRequest
from django.urls import path

import views

urlpatterns = [path("search/", views.search, name="search")]


def handle(route):
    request = HttpRequest()
    request.GET["q"] = "dune"
    for pattern in urlpatterns:
        view = pattern.resolve(route)
        if view is not None:
            return view(request)
    return None


if __name__ == "__main__":
    assert handle("search/") == ["dune"]
    print("ok")
