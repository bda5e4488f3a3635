"""A function annotated `-> Repo` returns a repo; the caller calls its method."""


class Repo:
    def all(self):
        pass


REPOS = {"default": Repo()}


def get_repo() -> Repo:
    return REPOS["default"]


get_repo().all()
