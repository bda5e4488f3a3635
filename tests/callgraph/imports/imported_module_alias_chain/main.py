"""A module imports a name that itself came from another module's import."""
from api import fetch

fetch()
