from pkg.compat import Protocol, TypedDict


class DBAPIConnection(Protocol):
    def cursor(self): ...


class ReflectedColumn(TypedDict):
    name: str


def ping(connection: DBAPIConnection):
    connection.cursor()
    # Protocol, re-exported by the package's compat module, gives an instance nothing
    connection.ping(False)


def reflect(column: ReflectedColumn):
    return column.get("name")  # a TypedDict's instances are dicts
