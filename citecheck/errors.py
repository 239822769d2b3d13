"""The one exception tree of citecheck.

Exceptions are for unusable input and bugs only; "could not check" is data
(see ``model.Unchecked``).  The CLI turns any ``CitecheckError`` into a
one-line message and exit status 2::

    CitecheckError
    ├── InputError        a path is missing, unreadable or not text
    └── ConfigError       options or configuration that cannot be used
"""


class CitecheckError(Exception):
    """Base of every error citecheck raises on purpose."""


class InputError(CitecheckError):
    """A document cannot be read (missing, unreadable, not decodable text)."""


class ConfigError(CitecheckError):
    """An option or configuration value cannot be used."""
