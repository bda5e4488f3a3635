"""`sorted(key=obj.method)` calls the bound method."""


class Ranker:
    def rank(self, x):
        return x


sorted([2, 1], key=Ranker().rank)
