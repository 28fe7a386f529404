def nested_keys(names: list[str], prefix):
    keys = []
    for name in names:
        name = name.removeprefix(prefix)
        keys.append(name.strip().split("__"))
    return keys


def shout(name: str):
    return name.split(".").upper()  # a list has no upper: nothing is called
