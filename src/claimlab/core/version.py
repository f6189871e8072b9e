"""Claim Lab's one version source."""
__version__ = "2.0.0"
