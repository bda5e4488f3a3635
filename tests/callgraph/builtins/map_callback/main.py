"""`map` calls the function it is given; builtins themselves are not nodes."""


def double(x):
    return x * 2


print(list(map(double, [1, 2])))
