import hashlib
import importlib
import re
import socketserver
import textwrap
from pathlib import Path, PurePath
from wsgiref.simple_server import WSGIServer


def source_lines(text: str):
    return textwrap.dedent(text).splitlines()  # a function's declared return: a str


def fingerprint(data: bytes):
    return hashlib.sha256(data).hexdigest()  # the class the stubs say it makes


def cache_file(root: Path, name: str):
    folder = root.joinpath("cache")  # -> Self: a Path again
    folder.mkdir(exist_ok=True)
    root.parent.mkdir()  # a property's type, Self read as the receiver's own class
    return folder


def version(text: str):
    pattern = re.compile(r"(\d+)\.(\d+)")
    found = pattern.match(text)  # a method of a class the stubs know
    return found.group(1) if found else None


def not_a_member(path: PurePath):
    path.stem.removeprefix("x")  # str.removeprefix: Python 3.9+ has it
    return path.mkdir()  # the stubs say a PurePath has no mkdir: no edge


def load(name: str):
    module = importlib.import_module(name)  # a types.ModuleType, which has no Command
    return module.Command()  # an attribute of whichever module was loaded: no edge


class ThreadedServer(socketserver.ThreadingMixIn, WSGIServer):
    def close(self, request):
        # The mixin has no close_request; the next base has it (from BaseServer).
        self.close_request(request)
