class Error:
    def show(self):
        return self.message()

    def message(self):
        return "error"


class Usage(Error):
    def show(self):  # its own: Error.show never runs on a Usage
        return "usage: " + self.message()

    def message(self):
        return "usage"


class BadValue(Usage):  # shown through Usage.show
    def message(self):
        return "bad value"


class Missing(Error):  # shown through Error.show
    def message(self):
        return "missing"


class Wrapped(Error):  # its own show runs Error.show too
    def show(self):
        return "[" + super().show() + "]"

    def message(self):
        return "wrapped"


class Quiet:
    def show(self):
        return ""


class QuietMissing(Quiet, Missing):  # Quiet.show comes first in its MRO
    def message(self):
        return "quiet"


class Loop:
    @property
    def last(self):
        return self.peek()

    def peek(self):
        return 1


class Reversed(Loop):
    @property
    def last(self):  # a property of its own: Loop.last never reads a Reversed
        return 0

    def peek(self):
        return -1


Error().show()
Usage().show()
BadValue().show()
Missing().show()
Wrapped().show()
QuietMissing().show()
Loop().last
Reversed().last
