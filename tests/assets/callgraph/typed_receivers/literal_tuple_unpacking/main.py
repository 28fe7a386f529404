from pathlib import Path


class State:
    def expire(self) -> None:
        pass


def state_of(obj) -> State:
    return obj._state  # nothing to infer: only the annotation says


def run(obj, text: str) -> None:
    state, name = (state_of(obj), text.strip())  # each name takes its position's type
    state.expire()
    name.upper()
    folder, _ = [Path(text).parent, None]
    folder.mkdir()
