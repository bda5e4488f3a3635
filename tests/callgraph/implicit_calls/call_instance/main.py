"""Calling an instance calls its class's `__call__`."""


class Task:
    def __call__(self):
        pass


task = Task()
task()
