from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


class DatabaseOperations(BaseDatabaseOperations):
    def quote_name(self, name):
        return f'"{name}"'


class DatabaseWrapper(BaseDatabaseWrapper):
    ops_class = DatabaseOperations
    SchemaEditorClass = BaseDatabaseSchemaEditor
