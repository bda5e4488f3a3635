"""Dict values are instances; the method called depends on the value's class."""


class Pdf:
    def render(self):
        pass


class Html:
    def render(self):
        pass


renderers = {"pdf": Pdf(), "html": Html()}
for renderer in renderers.values():
    renderer.render()
