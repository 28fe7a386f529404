from typing import Type


class Visitor:
    def traverse(self, node):
        return node

    def visit(self, node):
        return node


class Compiler:
    visitor_class: Type[Visitor] = Visitor

    def run(self, factory: Type[Visitor], node):
        factory().visit(node)  # an instance of the class the parameter holds
        self.visitor_class().traverse(node)


async def fetch() -> Visitor:
    return Visitor()


async def main():
    visitor = await fetch()  # what the coroutine returns, not the coroutine
    visitor.traverse(1)
    (await fetch()).traverse(2)
