"""A bound method handed to a method that calls it with another bound method: the first one's
parameter receives the second, so its call of the parameter is an edge to it. The same through
plain functions under other names (`handler = on_ready`). Negative: `fallback` is passed where the
callee never calls it."""


class Job:
    def done(self):
        pass

    def report(self, notify):
        notify()

    def schedule(self, runner, argument, fallback=None):
        runner(argument)

    def start(self):
        self.schedule(self.report, self.done, fallback=self.abort)

    def abort(self):
        pass


def on_ready(callback):
    callback()


def ping():
    pass


def wire(hook):
    hook(ping)


handler = on_ready
Job().start()
wire(handler)
