class A:
    def __init__(self):
        pass


class B(A):
    def __init__(self):
        super().__init__()


class C(B):
    def __init__(self):
        # runs B.__init__ only; A.__init__ is B's business
        super().__init__()


C()
