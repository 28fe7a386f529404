import ext


def run(app):
    try:
        app.start()
    except ext.AppError as e:
        return e.format_message()


run(None)
