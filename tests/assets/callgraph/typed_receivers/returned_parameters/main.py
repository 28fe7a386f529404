class State:
    def clone(self):
        return State()


class Editor:
    def close(self):
        return None


class Migration:
    def apply(self, state, editor):
        editor.close()
        return state  # what the caller passed in, handed back


def apply_all(state, editor):
    migration = Migration()
    return migration.apply(state, editor)  # through another function that hands it back


def set_up():
    return apply_all(State(), Editor())


def test_clone():
    state = set_up()  # a State, three calls down
    state.clone()


def test_direct():
    Migration().apply(State(), Editor()).clone()


def test_unknown(anything):
    Migration().apply(anything, Editor()).clone()  # what was passed is unknown: so is this
