class SetupState:
    def __init__(self, app, options):
        self.app = app
        self.options = options

    def prefix(self):
        self.app.log("prefix")
        return self.options.get("url_prefix")  # **options made it a dict


class Blueprint:
    def register(self, app, options):
        return SetupState(app, options)


class App:
    def log(self, message):
        return message

    def register_blueprint(self, blueprint: Blueprint, **options):
        # blueprint is typed by its annotation alone; what this call passes still flows
        return blueprint.register(self, options)
