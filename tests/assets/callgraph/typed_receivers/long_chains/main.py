import re
import typing


def compile_path(path: str) -> tuple[typing.Pattern[str], str, dict[str, str]]:
    return re.compile(path), path, {}


class Route:
    def __init__(self, path: str):
        self.path_regex, self.path_format, self.convertors = compile_path(path)

    def matches(self, route_path: str):
        # params <- groupdict() <- match <- .match() <- self.path_regex <- unpacked
        # <- compile_path's declared tuple: six steps from the receiver to a type
        match = self.path_regex.match(route_path)
        if match:
            params = match.groupdict()
            return params.items()
