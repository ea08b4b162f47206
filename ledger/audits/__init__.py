"""Audits and what follows them (§3.2 to §3.6): the audit lifecycle, grading
and moderation, and the actions set from audits.
"""
