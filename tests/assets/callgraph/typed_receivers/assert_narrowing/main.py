class Redirect(Exception):
    def new_url(self):
        return "/b"


class Other(Exception):
    def new_url(self):
        return "/c"


def check(exc):
    assert isinstance(exc, Redirect)
    return exc.new_url()


def rebound(exc, other: Other):
    assert isinstance(exc, Redirect)
    exc = other  # rebound after the assert: an Other now
    return exc.new_url()


def elsewhere(exc: Other, flag):
    if flag:
        assert isinstance(exc, Redirect)  # never true: an Other is no Redirect
    return exc.new_url()  # the assert ran on one path only: still the declared Other
