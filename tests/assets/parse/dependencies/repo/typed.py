from webkit.request import Context, Request


class ScriptInfo:
    def load_app(self):
        return "app"


def form_view(request: Request):
    request.form.getlist("a")
    request.host.partition(":")
    request.url.lower()
    request.vary.add("Cookie")


def cli(ctx: Context, f):
    ctx.ensure_object(ScriptInfo).load_app()
    ctx.command("run")(f)
