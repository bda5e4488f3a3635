"""The nested function calls a function held in the enclosing scope's parameter."""


def retry(action):
    def attempt():
        return action()
    return attempt()


def fetch():
    pass


retry(fetch)
