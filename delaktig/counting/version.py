"""The library version, stored with every published result so that a recount can be matched."""

__version__ = "1.0.0"
