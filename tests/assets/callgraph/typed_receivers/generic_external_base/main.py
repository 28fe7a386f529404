from ext import CallbackDict


class Session(CallbackDict[str, int]):
    def __init__(self, initial):
        super().__init__(initial)

    def lookup(self, key):
        return super().get(key)


Session({}).lookup("a")
