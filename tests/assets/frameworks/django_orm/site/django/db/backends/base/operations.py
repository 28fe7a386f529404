class BaseDatabaseOperations:
    def __init__(self, connection):
        self.connection = connection

    def quote_name(self, name):
        raise NotImplementedError("subclasses of BaseDatabaseOperations may require a quote_name() method")
