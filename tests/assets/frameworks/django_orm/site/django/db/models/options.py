class Options:
    def __init__(self, fields):
        self.fields = fields

    def get_field(self, name):
        return self.fields[name]
