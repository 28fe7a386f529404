import io
import zipfile
from contextlib import ExitStack


def close_all(managers):
    with ExitStack() as stack:  # ExitStack.__enter__ returns Self
        for manager in managers:
            stack.enter_context(manager)
        return stack.pop_all()


def render(text):
    # StringIO's __enter__ is IOBase's (-> Self), first in its method resolution
    # order, not typing.TextIO's, a later base
    with io.StringIO() as buffer:
        buffer.write(text)
        return buffer.getvalue()


def archive(path, name, data):
    with zipfile.ZipFile(path, "w") as bundle:  # a class of the stubs, not io's: Self too
        bundle.writestr(name, data)
