class Circle:
    def __init__(self, r):
        self.r = r

    @property
    def area(self):
        return self.r * self.r

c = Circle(1)
print(c.area)
