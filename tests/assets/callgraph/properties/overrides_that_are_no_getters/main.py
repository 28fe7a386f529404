class Expression:
    @property
    def convert_value(self):
        return self.identity

    def identity(self, value):
        return value

    def converters(self):
        return [self.convert_value]


class Extent(Expression):
    def convert_value(self, value):  # a plain method: reading it runs nothing
        return value


class Response:
    @property
    def content(self):
        return b""

    @content.setter
    def content(self, value):
        self.body = value

    def getvalue(self):
        return self.content


class NotModified(Response):
    @Response.content.setter
    def content(self, value):  # a setter only: reading content runs Response's getter
        self.body = b""


Extent().converters()
NotModified().getvalue()
