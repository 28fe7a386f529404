class Job:
    def run(self):
        return 1

def execute(callback):
    return callback()

execute(Job().run)
