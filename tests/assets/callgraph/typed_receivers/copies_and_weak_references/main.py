import copy
import weakref


class View:
    def render(self):
        return "page"


def use(view: View):
    # What a weak reference gives back, and a copy, are of the original's kind.
    ref = weakref.ref(view)
    ref().render()
    copy.deepcopy(view).render()


def later(view: View):
    return lambda: weakref.ref(view)().render()
