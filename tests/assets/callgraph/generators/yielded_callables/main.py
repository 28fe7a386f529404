def migrate():
    return "migrated"


def seed():
    return "seeded"


def helper():
    return "helper"


def steps():
    yield migrate
    yield seed

    def nested():
        yield helper  # the nested generator's, not steps'

    return nested


class Countdown:
    def __iter__(self):
        return self

    def __next__(self):
        return seed


def run():
    for step in steps():
        step()
    for tick in Countdown():
        tick()
