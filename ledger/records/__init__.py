"""The other oversight records (§3.7, §4.1): complaints and compliments,
feedback questionnaires, practice observations, performance meetings, and
the reports generated for them.
"""
