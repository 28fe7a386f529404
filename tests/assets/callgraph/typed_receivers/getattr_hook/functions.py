class Function:
    def label(self, name):
        return self


class FunctionGenerator:
    def __getattr__(self, name) -> "FunctionGenerator":
        return self

    def __call__(self, *args) -> Function:
        return Function()


func = FunctionGenerator()
