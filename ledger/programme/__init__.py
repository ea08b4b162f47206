"""The audit programme (§3.1 to §3.6): six-monthly audit cycles and their
samples, thematic schedules, heads of service's monthly samples.
"""
