import dataclasses


@dataclasses.dataclass
class Point:
    x: int
    y: int


@dataclasses.dataclass
class Named:
    name: str

    def __init__(self, name):
        self.name = name


def make():
    # Point's __init__ is generated: there is no function of the program to call
    Point(1, 2)
    return Named(" a ")


make()
