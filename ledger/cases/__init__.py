"""Cases (§2.2): opened, allocated, transferred and closed; the triggers that
need a management decision, and the decisions.
"""
