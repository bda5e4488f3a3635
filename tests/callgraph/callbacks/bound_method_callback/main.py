"""A method passes its own bound method as a callback."""


def run_later(callback):
    callback()


class Upload:
    def start(self):
        run_later(self.on_done)

    def on_done(self):
        pass


Upload().start()
