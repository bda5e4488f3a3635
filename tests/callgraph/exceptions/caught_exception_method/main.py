"""The caught exception's method: the `as` name holds the raised instance."""


class AppError(Exception):
    def describe(self):
        return "app"


def run():
    try:
        raise AppError()
    except AppError as error:
        error.describe()


run()
