"""A constructor argument passed by keyword sets the attribute."""


class Storage:
    def write(self):
        pass


class Uploader:
    def __init__(self, *, storage):
        self.storage = storage

    def upload(self):
        self.storage.write()


Uploader(storage=Storage()).upload()
