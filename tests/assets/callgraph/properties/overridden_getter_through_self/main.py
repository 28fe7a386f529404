class Shape:
    @property
    def name(self):
        return "shape"

    def describe(self):
        return self.name  # a Circle's own getter runs for a Circle


class Circle(Shape):
    @property
    def name(self):
        return "circle"


class Square(Shape):
    @property
    def name(self):
        return "square"

    def describe(self):  # its own: Shape.describe never reads a Square's name
        return "a square"


Circle().describe()
Square().describe()
