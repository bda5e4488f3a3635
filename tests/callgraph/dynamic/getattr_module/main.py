"""`getattr` on an imported module with a constant name."""
import tools

getattr(tools, "build")()
