"""Reporters: ``AuditResult`` → text for a person or a program.

Every reporter escapes document text for its medium (rich markup, HTML,
JSON); none of them changes what was found.
"""
