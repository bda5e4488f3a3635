"""`from pkg.mod import f` then `f()`; importing a module is not an edge."""
from pkg.mod import f

f()
