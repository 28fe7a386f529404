class Builder:
    def add(self):
        return self

    def build(self):
        return 1

Builder().add().add().build()
