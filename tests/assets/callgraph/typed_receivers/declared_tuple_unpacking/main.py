import os.path


class Token:
    def reset(self):
        return None


class Context:
    def pop(self):
        return None


class Stack:
    def __init__(self) -> None:
        self.tokens: list[tuple[Token, Context | None]] = []

    def pop(self):
        token, ctx = self.tokens.pop()
        token.reset()
        if ctx is not None:
            ctx.pop()


def folder(path):
    parent, name = os.path.split(path)
    head, _, tail = name.partition(".")
    return parent.lower(), tail.upper()


Stack().pop()
folder("/a/b.c")
