def start():
    return "started"


def stop():
    return "stopped"


def migrate():
    return "migrated"


def seed():
    return "seeded"


HANDLERS = {"start": start, "stop": stop}


def dispatch(table, name):
    return table[name]()  # whatever a caller's table holds


def forward(table, name):
    return dispatch(table, name)  # the table passed on


def run_all(steps):
    for step in steps:
        step()


class Scheduler:
    def __init__(self, jobs):
        self.jobs = jobs  # kept on self: read back by run

    def run(self):
        for job in self.jobs:
            job()


forward(HANDLERS, "start")
run_all([migrate, seed])
Scheduler((seed,)).run()
