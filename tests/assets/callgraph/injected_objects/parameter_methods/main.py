class Base:
    def close(self):
        return "closed"


class FileSink(Base):
    def write(self, text):
        return text


class SocketSink(Base):
    def write(self, text):
        return text

    def close(self):
        return "socket closed"


class Formatter:
    def __call__(self, text):
        return text


def emit(sink, text):
    sink.write(text)  # every class some caller passes an instance of
    sink.close()  # found up each one's MRO


def render(format_, text):
    return format_(text)  # an instance called: its __call__


def flush(sink=FileSink()):
    return sink.close()  # its default's close, or that of what a caller passes


def unused(thing):
    thing.anything()  # nothing is ever passed: stays unresolved


file_sink = FileSink()
emit(file_sink, "a")
emit(SocketSink(), "b")
render(Formatter(), "c")
flush(SocketSink())
