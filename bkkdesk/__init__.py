"""bkkdesk: offline-first data entry for the district offices of Bangkok."""

__version__ = "0.1.0"
