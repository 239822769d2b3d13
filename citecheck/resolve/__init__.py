"""Asking the outside world: registries (``registries.Resolver``), web pages
(``links.LinkChecker``), the Wayback Machine, over one HTTP and politeness layer
and one cache.

This package imports none of its modules: the link checks start before the
registry clients are needed, and the audit imports those meanwhile.
"""
