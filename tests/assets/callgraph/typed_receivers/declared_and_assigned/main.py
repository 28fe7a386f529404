from state import current_app


def serve():
    current_app.run()  # App has run: the declared type answers
    current_app._get_current_object()  # App has no such member: the object is a LocalProxy
    current_app.on_start()  # App assigns on_start (to what, unknown): never the proxy's
