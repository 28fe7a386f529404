from state import _cv_app, current_app


def page():
    # Calls on imported variables are typed, never named by the path through the
    # variable (``state.current_app.render`` names nothing).
    _cv_app.get()
    return current_app.render()
