"""A relative import inside a package."""
from pkg import a

a.run()
