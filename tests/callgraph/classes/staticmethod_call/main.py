"""A staticmethod called on the class and on an instance."""


class Maths:
    @staticmethod
    def square(x):
        return x * x

    def cube(self, x):
        return self.square(x) * x


Maths.square(2)
Maths().cube(2)
