from typing import TYPE_CHECKING, Any

import framework

# The base is an alias, as written for a generic base that is not subscriptable at run time
if TYPE_CHECKING:
    ViewBase = framework.View[Any]
else:
    ViewBase = framework.View


class Home(ViewBase):
    def __init__(self):
        super().__init__()  # the alias's __init__

    def get(self):
        return self.render()  # inherited from what the alias names


Home().get()
