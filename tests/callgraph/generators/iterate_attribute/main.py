"""`for row in self.rows` over an attribute the constructor fills with an iterable instance whose
`__iter__` returns another object: `__next__` is that object's."""


class Cursor:
    def __init__(self):
        self.left = 2

    def __next__(self):
        if not self.left:
            raise StopIteration
        self.left -= 1
        return self.left


class Table:
    def __iter__(self):
        return Cursor()


class Report:
    def __init__(self, rows):
        self.rows = rows

    def render(self):
        return self.count()

    def count(self):
        n = 0
        for _ in self.rows:
            n += 1
        return n


Report(Table()).render()
