def migrate():
    return "migrated"


def seed():
    return "seeded"


def helper():
    return "helper"


def cleanup():
    return "cleaned"


def backup():
    return "backed up"


def final_steps():
    yield cleanup


def steps():
    yield migrate
    yield seed
    yield from [backup]  # delegated: a literal's elements
    yield from final_steps()  # and another generator's yields

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
