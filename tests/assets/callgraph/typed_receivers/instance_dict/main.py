class Loader:
    def __init__(self):
        self.root = "/"


def dump(loader: Loader):
    return sorted(loader.__dict__.items())


def dump_class(kind: type[Loader]):
    return kind.__dict__.items()  # a class's __dict__ is a mappingproxy, not a dict
