"""A base method calls `self.write(...)`, an attribute only its subclasses' constructors set (to a
bound method of their own): the edges go to each subclass's method. Negative: an unrelated class
that sets the same attribute is not a subclass, and its method is not a callee."""


class Exporter:
    def run(self, rows):
        for row in rows:
            self.write(row)


class CsvExporter(Exporter):
    def __init__(self):
        self.write = self.to_csv

    def to_csv(self, row):
        return ",".join(row)


class JsonExporter(Exporter):
    def __init__(self, pretty):
        self.pretty = pretty
        self.write = self.to_json

    def to_json(self, row):
        return repr(row)


class Printer:
    def __init__(self):
        self.write = self.to_paper

    def to_paper(self, row):
        return row


CsvExporter().run([["a"]])
JsonExporter(True).run([["b"]])
Printer().write(["c"])
