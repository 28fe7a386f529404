class RunPython:
    """Runs ``code(apps, schema_editor)`` (``reverse_code`` backwards): the app registry
    of the state migrated from, and the connection's schema editor."""

    def __init__(self, code, reverse_code=None):
        self.code = code
        self.reverse_code = reverse_code

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        return self.code(from_state.apps, schema_editor)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        return self.reverse_code(from_state.apps, schema_editor)
