def migrate():
    return "migrated"


def seed():
    return "seeded"


def report():
    return "reported"


def chain(*steps):
    for step in steps:  # each positional argument is an element of the tuple
        step()


def first(*steps):
    return steps[0]()


def pick(name, **handlers):
    return handlers[name]()  # keyword arguments are the dict's values


chain(migrate, seed)
first(report)
pick("done", done=report)
