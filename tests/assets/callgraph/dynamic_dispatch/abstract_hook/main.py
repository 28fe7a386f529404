import abc

class Plugin(abc.ABC):
    def run(self):
        return self.execute()

    @abc.abstractmethod
    def execute(self):
        ...

class Hello(Plugin):
    def execute(self):
        return "hello"

Hello().run()
