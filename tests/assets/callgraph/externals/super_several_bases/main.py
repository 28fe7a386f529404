from collections.abc import MutableMapping
from http import cookiejar


class RequestsCookieJar(cookiejar.CookieJar, MutableMapping):
    def update(self, other):
        super().update(other)  # CookieJar has no update: MutableMapping's runs

    def set_cookie(self, cookie):
        return super().set_cookie(cookie)  # CookieJar's

    def __contains__(self, name):
        return super().__contains__(name)  # MutableMapping's (CookieJar has none)
