def greet():
    return "hello"


def part():
    return "bye"


apply = lambda f: f()  # noqa: E731

apply(greet)
apply(part)
