"""Rules of the apps above reminders: reminders may not import them, so they register here.

An app adds its rule from its AppConfig.ready(); the rule is then evaluated, cached, listed and
sent in the digest like the reminders' own (everything reads `rules.RULES`).
"""

from reminders import rules


def register(rule):
    """Add `rule` (a rules.Rule) after the reminders' own; registering its code twice is a no-op."""
    if all(known.code != rule.code for known in rules.RULES):
        rules.RULES.append(rule)
    return rule
