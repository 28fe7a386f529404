def start():
    return 1

def stop():
    return 0

HANDLERS = {"start": start, "stop": stop}

def handle(cmd):
    return HANDLERS[cmd]()

handle("start")
