from werkzeug.local import LocalProxy


class Flask:
    def render(self, name):
        return name


_cv_app = None
current_app: Flask = LocalProxy(_cv_app, "app")


def render_template(name):
    app = current_app._get_current_object()  # the Flask the proxy stands for
    return app.render(name)
