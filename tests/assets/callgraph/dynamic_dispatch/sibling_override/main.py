class Task:
    def step(self):
        return 0


class Job(Task):
    def run(self):
        # self is a Job (or a subclass of Job): Report.step can never run here
        return self.step()


class Report(Task):
    def step(self):
        return 1


class NightlyJob(Job):
    def step(self):
        return 2


Job().run()
