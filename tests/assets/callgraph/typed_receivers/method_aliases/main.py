from typing import IO


class MonkeyPatch:
    def setenv(self, name, value):
        return None


class Pytester:
    def __init__(self, monkeypatch: MonkeyPatch) -> None:
        self._monkeypatch = mp = monkeypatch  # a chained assignment, not an unpacking
        mp.setenv("HOME", "/tmp")


def dump(stream: IO[str], patch: MonkeyPatch, lines):
    write = stream.write  # the bound method of a declared receiver
    setenv = patch.setenv
    for line in lines:
        write(line)
        setenv("LINE", line)
