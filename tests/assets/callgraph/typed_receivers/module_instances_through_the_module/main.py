# A module's instance read through the module (SQLAlchemy's
# ``pg_catalog.pg_namespace.c.nspname.label(...)``) is typed as when it is imported
# by name: what its attributes hold is known too.
import catalog
from catalog import namespaces


def query():
    namespaces.column.label("a")
    catalog.namespaces.alias()
    return catalog.namespaces.column.label("b")
