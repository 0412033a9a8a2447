"""klantwaarde: customer value, cost and advice as an offline report site."""

__version__ = "0.1.0"
