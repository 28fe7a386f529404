class MathUtil:
    @staticmethod
    def double(x):
        return x * 2

MathUtil.double(2)
MathUtil().double(3)
