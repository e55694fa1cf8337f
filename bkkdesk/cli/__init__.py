"""The ``bkkdesk`` command line."""
