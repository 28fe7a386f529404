from datetime import timedelta


class Response:
    def close(self):
        return None


def seconds(value):
    if isinstance(value, timedelta):
        return int(value.total_seconds())
    return value


def finish(rv, fallback):
    if isinstance(rv, (Response,)):
        rv.close()
    if isinstance(rv, Response):
        rv = fallback
        rv.close()  # rebound in the body: no longer known to be a Response


finish(Response(), None)
seconds(3)
