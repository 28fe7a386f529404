class Connection:
    def execute(self, statement):
        return statement


class Dialect:
    def get_indexes(self, connection: Connection, table_name: str, **kw):
        raise NotImplementedError

    def do_ping(self, dbapi_connection: Connection) -> bool:
        raise NotImplementedError


class MSDialect(Dialect):
    # callers reach an override through the base's signature: connection is a Connection
    def get_indexes(self, connection, table_name, **kw):
        return connection.execute(table_name.upper())


class MSDialectPyodbc(MSDialect):
    # the method it overrides declares nothing; the one that one overrides is not asked
    def get_indexes(self, connection, table_name, **kw):
        return connection.execute(table_name)

    def do_ping(self, dbapi_connection):
        dbapi_connection.execute("select 1")
        return True


class Unrelated:
    def get_indexes(self, connection, table_name):
        return connection.execute(table_name)  # no base declares it: unknown
