import re
from typing import Pattern, Tuple


class Convertor:
    def convert(self, value):
        return value


def compile_path(path: str) -> Tuple[Pattern[str], str, Convertor]:
    return re.compile(path), path, Convertor()


class Route:
    def __init__(self, path: str) -> None:
        self.path_regex, self.path_format, self.convertor = compile_path(path)  # unpacked onto self

    def matches(self, path: str):
        match = self.path_regex.match(path)
        return self.convertor.convert(self.path_format.strip())
