class User:
    @property
    def name(self):
        return "ann"

    def greet(self):
        return "hi " + self.name

User().greet()
