from collections import defaultdict


class Collector:
    def __init__(self):
        self.data = defaultdict(set)

    def collect(self):
        return self.data.items()  # what __init__ made: a defaultdict

    def sort(self):
        self.data = {model: self.data[model] for model in sorted(self.data)}
        return self.data.items()  # the dict assigned just before, not __init__'s

    def in_a_loop(self, models):
        for model in models:
            self.data = [model]
            self.data.append(model)  # the list assigned just before, in the same block

    def maybe(self, flag):
        if flag:
            self.data = []  # may not run: the read is not sure to see it
        return self.data.items()  # a list has no items; __init__'s defaultdict has
