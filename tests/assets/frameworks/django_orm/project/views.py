"""Function views, routed to by urls.py: Django calls each with the request."""


def search(request):  # a URL pattern routes here: an HttpRequest
    return request.GET.getlist("q")  # QueryDict.getlist


def helper(request):  # the same parameter, but no URL pattern routes here
    return request.GET.getlist("q")
