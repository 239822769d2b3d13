"""The one reason given, offline, for whatever was not checked (a link, an entry, an
archive lookup): offline means no network, and only the cache answers."""

OFFLINE = "--offline: not in the cache"
