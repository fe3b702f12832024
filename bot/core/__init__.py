"""The chat core: a message in, a reply out, in one transaction, the same for every channel.

service (respond: parse, bind, dispatch, and the error reply), commands (the parser, pure), actions
(changes), views (answers that only read), city (the city's view), reports (the file commands), texts
(every sentence), context (what a handler sees), dates (free-form dates, pure).
"""
