class BaseDatabaseWrapper:
    ops_class = None  # each backend sets its own
    SchemaEditorClass = None

    def __init__(self, settings_dict, alias):
        self.settings_dict = settings_dict
        self.alias = alias
        self.ops = self.ops_class(self)

    def schema_editor(self):
        return self.SchemaEditorClass(self)
