"""Negative: the method name is built from a string; only `do_start` is looked up."""


class Machine:
    def do_start(self):
        pass

    def do_stop(self):
        pass

    def dispatch(self, verb):
        return getattr(self, "do_" + verb)()


Machine().dispatch("start")
