from shapes import Square

s = Square(2)
s.area()
