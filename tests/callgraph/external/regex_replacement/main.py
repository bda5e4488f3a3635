"""Negative: `re.sub` calls a replacement function, never a function handed to it as the text."""
import re


def mask(match):
    return "#"


def template():
    return "a1b2"


def scrub(text, keep):
    return re.sub(r"\d", mask, text), re.sub(r"\d", "", str(keep))


scrub("a1b2", template)
