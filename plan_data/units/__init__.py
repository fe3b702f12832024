"""The units a plan names: who leads a task and who coordinates.  (pure)

spec.py: what a unit is (UnitSpec, its level and kind) and how its name is reduced to one key for matching;
catalogue.py: the units known before any plan is read (a commune's or ward's bodies after the 2025 reform,
a province's departments, the ministries); spotting.py: known unit names found inside a cell, however spelled; cells.py: a
lead or coordinating cell split into units, recognised and given codes; codes.py: which units a plan has, and
the codes they go by.
"""
