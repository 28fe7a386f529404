# A name bound by an assignment expression holds what it was assigned
# (pytest's ``(number := value_token.value).isdigit()``, then ``number.startswith``).


class Token:
    def __init__(self, value: str) -> None:
        self.value = value


def number_of(token: Token):
    if (number := token.value).isdigit() or number.startswith("-"):
        return number.strip()
    return None


def number_from_text():
    if (parts := "a b".split()) and parts[0]:
        return parts.pop()
    return None
