from framework import View

class Home(View):
    def get(self):
        return self.render()

Home().get()
