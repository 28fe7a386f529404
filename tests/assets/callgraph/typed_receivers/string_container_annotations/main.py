"""A container annotation written as a string types its elements as the expression
does, a class defined further down included."""


class Rule:
    def match(self, text):
        return text


def first(rules: "list[Rule]", text):
    for rule in rules:
        rule.match(text)


def by_name(table: "dict[str, Rule]", name, text):
    return table[name].match(text)


def later(items: "list[Later]"):
    for item in items:
        item.run()


class Later:
    def run(self):
        return 1
