"""Nested tuple targets keep their structure."""


def p():
    pass


def q():
    pass


def r():
    pass


(one, (two, three)) = (p, (q, r))
three()
one()
