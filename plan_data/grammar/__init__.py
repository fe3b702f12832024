"""The deadline grammar: a plan's «Thời gian thực hiện/hoàn thành» cell -> a schedule for the plan year.  (pure)

A NEW FORM OF DEADLINE GOES IN rules.py: one row of its RULES table and its builder, and one case in
tests/unit/test_time_grammar.py. Nothing else changes; rules.py's docstring says how a row is ordered.

frame.py is the entrance (parse_timeframe) and lists the stages; qualify.py takes a cell's references and
remarks apart, outcomes.py reads cells that state what became of the work, phrases.py reads a whole cell by
the first rule that matches, compose.py a cell no whole phrase reads, clause by clause, lists.py lists of
periods or dates and yearly repeats, scan.py where in a cell a rule may begin, parts.py what every rule is
built from (the Schedule, calendar arithmetic, the patterns' fragments).
Dates typed in the chat are another grammar (bot.core.dates).
"""
