"""Staff (§2.1, §2.3): who may act, in which role, team and district, and
when; and the database logins that belong to them.
"""
