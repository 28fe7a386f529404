class Thermostat:
    def __init__(self):
        self._target = 20

    @property
    def target(self):
        return self._target

    # The decorator is a call of the property's own ``setter`` method.
    @target.setter
    def target(self, value):
        self._target = self.clamp(value)

    def clamp(self, value):
        return max(5, min(30, value))


def warm_up(thermostat: Thermostat):
    thermostat.target = thermostat.target + 1


def reading():
    thermostat = Thermostat()
    return thermostat.target
