class Apps:
    """The models by app label and name, filled as their classes are made: which class
    ``get_model`` gives is read from a dict at run time."""

    def __init__(self):
        self.all_models = {}

    def register_model(self, app_label, model):
        self.all_models.setdefault(app_label, {})[model.__name__.lower()] = model

    def get_model(self, app_label, model_name):
        return self.all_models[app_label][model_name.lower()]


apps = Apps()
