"""A package re-exports a function from a submodule: the edge goes to the definition."""
from pkg import publish

publish()
