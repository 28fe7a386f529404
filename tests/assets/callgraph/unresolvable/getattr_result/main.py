class Formatter:
    def format(self, spec):
        # The method's name is data; getattr (a builtin astroid knows no signature of)
        # returns what it finds, so the call of its result is left unresolved.
        return "".join(str(getattr(self, piece)()) for piece in spec)

    def a(self):
        return self.b()

    def b(self):
        return "am"
