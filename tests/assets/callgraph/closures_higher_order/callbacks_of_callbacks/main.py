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


class Console:
    def write(self):
        return "console"


class File:
    def write(self):
        return "file"


class Report:
    def render(self, sink):
        return sink.write()


def apply(function, first, second):
    return function(first, second)


def relay(callback, sink):
    return callback(sink)


# Report.render taken from its class: the first argument is its self, the second its sink;
# taken from an instance (bound), the first argument is its sink
apply(Report.render, Report(), File())
relay(Report().render, Console())
