def on_done():
    return "done"


def on_error():
    return "error"


def notify(callback):
    return callback()


def run_with(handler, callback):
    # handler is a parameter too: what it is (notify) is known only where run_with
    # is called, and what it calls is what run_with passes it
    return handler(callback)


class Pipeline:
    def finish(self, hook):
        return hook()

    def step(self, next_step, hook):
        return next_step(hook=hook)


run_with(notify, on_done)
pipeline = Pipeline()
pipeline.step(pipeline.finish, on_error)
