def on():
    return 1

def off():
    return 0

ACTIONS = {"on": on, "off": off}
ACTIONS["on"]()
