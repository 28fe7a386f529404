def lines(text: str | None):
    return (text or "").splitlines()  # one operand or the other: a str either way


def last(items: list[str] | None):
    return (items or []).pop()


def label(name, fallback: str):
    return (name or fallback).upper()  # name's type is unknown: so is the result's
