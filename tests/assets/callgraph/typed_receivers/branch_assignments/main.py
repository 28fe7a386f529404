class Connection:
    def close(self) -> None:
        pass


class MockConnection:
    def close(self) -> None:
        pass


class Engine:
    def connect(self) -> Connection:
        return self.pool.checkout()  # nothing to infer: only the annotation says

    def mock(self) -> MockConnection:
        return self.pool.mock()  # the same


def either_declared(engine: Engine, mock: bool) -> None:
    if mock:
        conn = engine.mock()
    else:
        conn = engine.connect()
    conn.close()  # either branch's connection, both known from declarations only


def one_inferred(engine: Engine, mock: bool) -> None:
    if mock:
        conn = MockConnection()  # astroid follows this branch, not the other
    else:
        conn = engine.connect()
    conn.close()


def reconnect(engine: Engine) -> None:
    conn = engine.mock()
    conn = engine.connect()  # overrides the first: only a Connection is closed
    conn.close()
