from views import CacheMixin, LoginRequiredMixin, TemplateView, View


class Dashboard(LoginRequiredMixin, TemplateView):
    pass


class Report(CacheMixin, LoginRequiredMixin, View):
    pass


Dashboard().dispatch("r")
Report().dispatch("r")
