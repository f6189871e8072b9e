"""Claim Lab: judge the sourcing of war reporting, one real article at a time."""
from .data import DataError, load

__version__ = "1.0.0"
__all__ = ["load", "DataError", "__version__"]
