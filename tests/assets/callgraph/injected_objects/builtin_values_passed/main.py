def normalise(name):
    return name.strip()  # a str is all any caller passes


def option(options, key):
    return options.get(key)


def collect(items, item):
    items.append(item)
    return items


def decode(value):
    return value.decode()  # str has no decode: only a str is passed, so no edge


class Greeter:
    def __init__(self, greeting):
        self.greeting = greeting

    def greet(self):
        return self.greeting.title()


normalise(" Ada ")
normalise(f"{1}")
option({"a": 1}, "a")
collect([], 1)
decode("text")
Greeter("hello").greet()
