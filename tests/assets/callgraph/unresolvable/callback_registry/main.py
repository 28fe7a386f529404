class App:
    def __init__(self):
        self.funcs = []

    def before_request(self, f):
        self.funcs.append(f)
        return f

    def dispatch(self):
        for func in self.funcs:
            func()


app = App()


@app.before_request
def load_user():
    return "ann"


app.dispatch()
