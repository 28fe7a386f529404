def start():
    return "started"


def stop():
    return "stopped"


COMMANDS = {"start": start, "stop": stop}


def run(command="start"):
    # the key is its default or what a caller passes: any entry may run
    return COMMANDS[command]()


run()
run("stop")
