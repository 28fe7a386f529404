from internal import _T, Property


class header_property(Property[_T]):  # a subscripted base: astroid cannot read it
    def lookup(self, obj):
        return obj


class Request:
    date = header_property("Date")  # runs Property.__init__
