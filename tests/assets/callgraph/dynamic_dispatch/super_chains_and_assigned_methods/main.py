class Context:
    def create_cursor(self):
        return self.make()

    def make(self):
        return "plain"


class OracleContext(Context):
    def create_cursor(self):  # its own, without super()
        return "oracle"

    def make(self):
        return "oracle cursor"


class AsyncOracleContext(OracleContext):
    create_cursor = Context.create_cursor  # back to the base method, which then runs here

    def make(self):
        return "async cursor"


class File:
    def open(self):
        return self.name()

    def name(self):
        return "file"


class FieldFile(File):
    def open(self):  # never runs File.open
        return "field"

    def name(self):
        return "field file"


class ImageFieldFile(FieldFile):
    def open(self):
        return super().open()  # FieldFile.open: the chain stops before File.open

    def name(self):
        return "image"


AsyncOracleContext().create_cursor()
ImageFieldFile().open()
