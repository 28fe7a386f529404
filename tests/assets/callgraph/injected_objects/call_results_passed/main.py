def apply(callback):
    return callback()


def pick():
    return chosen


def chosen():
    return 1


class Client:
    def fetch(self):
        return "data"


def make_client():
    return Client()


def use(client):
    return client.fetch()


apply(pick())  # the function pick returns is what apply calls
use(make_client())  # the instance make_client returns is what use calls into
