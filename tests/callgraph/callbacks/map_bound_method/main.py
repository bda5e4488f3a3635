"""`map(obj.method, items)` calls the bound method."""


class Cleaner:
    def clean(self, x):
        return x


list(map(Cleaner().clean, [1, 2]))
