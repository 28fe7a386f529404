def on_click():
    pass


def on_key():
    pass


def default_strategy():
    pass


def loud():
    pass


class Button:
    def __init__(self, handler):
        self.handler = handler
        self.strategy = default_strategy

    def press(self):
        self.handler()
        self.strategy()


class Keyboard:
    """Keeps a handler under the same attribute name: its slot is its own."""

    def __init__(self, handler):
        self.handler = handler

    def press(self):
        act = self.handler
        act()


class LoudButton(Button):
    def __init__(self, handler):
        super().__init__(handler)
        self.strategy = loud

    def twice(self):
        self.handler()
        run(self.strategy)


def run(callback):
    callback()


class Dialog:
    """A bound method passed on is the method, not a slot of that name."""

    def open(self):
        run(self.on_close)

    def on_close(self):
        pass


class Factory:
    @staticmethod
    def make(handler, self):  # ``self`` here is no instance of Factory
        self.callback = handler

    def fire(self):
        self.callback()


Button(on_click).press()
Keyboard(on_key).press()
LoudButton(on_click).twice()
Dialog().open()
Factory.make(on_key, Keyboard(on_key))
