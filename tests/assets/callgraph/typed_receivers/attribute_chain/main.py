class Env:
    def render(self, name):
        return name


class App:
    def __init__(self):
        self.env = Env()


class Context:
    def __init__(self, app: "App"):
        self.app = app

    def render(self):
        return self.app.env.render("index")


def view(ctx: Context):
    return ctx.app.env.render("page")


view(Context(App()))
