"""A store under a key in one branch: below the `if`, the key holds either function (both are
called over the two runs); at module level a store on every path replaces."""


def default():
    pass


def override():
    pass


def fallback():
    pass


def run(custom):
    table = {"go": default}
    if custom:
        table["go"] = override
    table["go"]()


run(True)
run(False)
routes = {"home": default}
routes["home"] = fallback
routes["home"]()
