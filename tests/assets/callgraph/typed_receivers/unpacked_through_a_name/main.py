# A name holding what a call returns, unpacked later, unpacks as the call would
# (SQLAlchemy's ``split_text = text.split("\n", 1); firstline, remaining = split_text``).
class Pair:
    def left(self) -> "Pair":
        return self


def pair() -> tuple[Pair, Pair]:
    return Pair(), Pair()


def first_line(text: str):
    split_text = text.split("\n", 1)
    firstline, remaining = split_text
    made = pair()
    one, other = made
    return firstline.strip(), remaining.lower(), one.left(), other.left()
