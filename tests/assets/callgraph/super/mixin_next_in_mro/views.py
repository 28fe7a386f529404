class View:
    def dispatch(self, request):
        return request


class TemplateView(View):
    def dispatch(self, request):
        return super().dispatch(request)


class LoginRequiredMixin:
    def dispatch(self, request):
        # the mixin has no base defining dispatch: what runs is the next class
        # in the MRO of the view it is mixed into
        return super().dispatch(request)


class CacheMixin:
    def dispatch(self, request):
        return super(CacheMixin, self).dispatch(request)


class AuditMixin:
    def save(self):
        return super().save()  # never mixed into anything that saves: no edge
