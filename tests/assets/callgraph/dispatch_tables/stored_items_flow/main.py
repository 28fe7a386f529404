import sys

START = "start"


def unix():
    return "unix"


def windows():
    return "windows"


def begin(callback):
    return callback()


def finish():
    return "done"


def later():
    return "later"


OPENERS = {"os": unix}
if sys.platform == "win32":
    OPENERS["os"] = windows  # only on one branch: either may run below
OPENERS["os"]()

STEPS = {START: begin}
STEPS["end"] = finish
STEPS[START](later)  # a module constant names the key; the argument binds to begin's callback

BASE = {"x": unix}
MERGED = {**BASE}
MERGED["y"] = windows
MERGED["x"]()  # read from what was unpacked

TABLE = {"a": unix}
TABLE["a"] = windows
RESULTS = [TABLE["a"]() for _ in range(2)]  # the comprehension runs after the store
