import util


class Mapper:
    @util.memoized_property
    def columns(self):
        return [1, 2]
