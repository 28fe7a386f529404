"""isinstance narrows what a value was declared as, as a type checker does: of
``Special | Other``, ``isinstance(item, Base)`` leaves the Special (which derives from
Base), not every Base; a value declared as the base is narrowed to the tested class."""


class Base:
    def run(self):
        return "base"


class Special(Base):
    def run(self):
        return "special"


class Other:
    def run(self):
        return "other"


def use(item: "Special | Other"):
    if isinstance(item, Base):
        return item.run()
    return None


def widened(item: Base):
    if isinstance(item, Special):
        return item.run()
    return None
