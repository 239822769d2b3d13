"""Corrections from findings: what each fixable finding's span should read instead
(``plan``), and those edits applied to the files byte for byte, as a unified diff or
in place (``patch``)."""
