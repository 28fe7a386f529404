class Report:
    def render(self):
        return self.body()

    def body(self):
        return ""

class Sales(Report):
    def body(self):
        return "sales"

Sales().render()
