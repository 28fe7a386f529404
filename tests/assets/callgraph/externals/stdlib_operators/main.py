from pathlib import Path


def config_file(root: Path):
    path = root / "setup.cfg"  # Path.__truediv__ returns Self: a Path
    return path.is_file()


def shout(name: str, punctuation: str):
    return (name + punctuation).upper()  # str.__add__ returns a str


def merged(defaults: dict, overrides: dict):
    return (defaults | overrides).items()  # dict.__or__ returns a dict
