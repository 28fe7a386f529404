class NotReady(Exception):
    def __init__(self, message="not ready"):
        super().__init__(message)


class Outer:
    class Gone(LookupError):
        def __init__(self):
            super().__init__("gone")
