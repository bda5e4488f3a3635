"""An attribute assigned in a non-constructor method and used in another."""


class Handler:
    def handle(self):
        pass


class Worker:
    def setup(self):
        self.handler = Handler()

    def run(self):
        self.handler.handle()


worker = Worker()
worker.setup()
worker.run()
