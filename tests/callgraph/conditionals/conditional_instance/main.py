"""A conditional expression choosing between instances of two classes."""


class Pdf:
    def render(self):
        pass


class Html:
    def render(self):
        pass


def export(as_pdf):
    doc = Pdf() if as_pdf else Html()
    doc.render()


export(True)
export(False)
