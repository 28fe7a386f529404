"""``map(C, items)`` yields instances of C (click's ``str_choices = map(str, self.choices)``);
``filter(f, items)`` yields what items holds."""


class Rule:
    def match(self, text):
        return text


def names(choices, incomplete):
    str_choices = map(str, choices)
    return [c for c in str_choices if c.startswith(incomplete)]


def rules(raw):
    for rule in map(Rule, raw):
        rule.match("x")


def kept(lines: list[str]):
    for line in filter(None, lines):
        line.strip()
