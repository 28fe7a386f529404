def tag(cls):
    cls.tagged = True
    return cls

@tag
class Thing:
    def __init__(self):
        self.x = 1

Thing()
