class Node:
    def accept(self, visitor):
        return visitor.visit(self)  # self: a Node or any subclass

    def kind(self):
        return "node"


class Leaf(Node):
    def kind(self):
        return "leaf"


class Printer:
    def visit(self, node):
        return node.kind()


Leaf().accept(Printer())
