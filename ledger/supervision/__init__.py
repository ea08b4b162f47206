"""Supervision (§2.3): each supervisee's file of sessions, development reviews
and annual file audits; and the annual survey.
"""
