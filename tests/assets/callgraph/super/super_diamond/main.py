class Base:
    def hello(self):
        return "base"


class Left(Base):
    def hello(self):
        return "left " + super().hello()


class Right(Base):
    def hello(self):
        return "right " + super().hello()


class Both(Left, Right):
    def hello(self):
        # the C3 MRO is Both, Left, Right, Base: super() here is Left
        return super().hello()


Both().hello()
