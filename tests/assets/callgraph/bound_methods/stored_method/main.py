class Greeter:
    def hello(self):
        return "hello"

g = Greeter()
say = g.hello
say()
