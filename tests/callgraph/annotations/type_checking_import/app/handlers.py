class Handler:
    def handle(self):
        pass
