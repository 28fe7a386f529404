class Base:
    def __init__(self, x):
        self.x = x

class Child(Base):
    def size(self):
        return self.x

Child(3).size()
