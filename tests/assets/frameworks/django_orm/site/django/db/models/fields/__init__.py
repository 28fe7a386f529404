class Field:
    def __init__(self, *args, **kwargs):
        self.args = args
        self.kwargs = kwargs


class CharField(Field):
    pass


class IntegerField(Field):
    pass
