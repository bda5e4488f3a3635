"""A property that returns a bound method: reading it runs the getter, calling what it gave
runs the method (`handler = job.runner` then `handler()`)."""


class Job:
    @property
    def runner(self):
        return self.run_now

    def run_now(self):
        pass


job = Job()
handler = job.runner
handler()
