class BaseDatabaseSchemaEditor:
    def __init__(self, connection):
        self.connection = connection
        self.created = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        return None

    def create_model(self, model):
        self.created.append(self.connection.ops.quote_name(model.__name__))
