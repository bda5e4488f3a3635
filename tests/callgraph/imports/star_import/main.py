"""`from mod import *` brings the public functions."""
from helpers import *

shout()
