"""A plan as published -> a PlanSpec (plan_data.model), whatever its form.  (pure but for reading the file)

importer.py is the entrance (read_plan, parse_text); formats.py reads text, .docx and .pdf (pdfpages.py) into
body text and appendix rows; columns.py finds the table's columns by their headers, rows.py and numbering.py
make raw tasks and sections of the rows, tasks.py understands a task's cells (units through plan_data.units,
deadlines through plan_data.grammar); prose.py and duties.py read tasks written in the body; identity.py what
the plan says of itself (title, issuer, level, year, focal point); datafile.py the editable YAML file;
diffing.py which task of a plan in use a re-read task is. Nothing is guessed: what is unsure is a warning
named by row and column.
"""
