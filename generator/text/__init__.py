"""Every user-facing text, one table per language, and the one Formatter.

nl.py and en.py hold the texts (the same keys in both), plural.py how a text agrees with a
count (CLDR rules, through Babel), translation.py the choice of a language's table,
messages.py the build messages (a code and parameters until they are rendered) and
formatting.py numbers, money, percentages and dates, a value or a whole column at once.
"""

#: the languages of the text tables (a report, a letter): nl.py and en.py
LANGUAGES = ("nl", "en")
