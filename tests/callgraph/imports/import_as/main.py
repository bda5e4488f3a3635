"""`import pkg.mod as m` then `m.f()`."""
import pkg.mod as m

m.f()
