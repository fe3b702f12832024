"""The files a reply carries, rendered from the domain's figures: chart (PNG), workbook (xlsx), calendar (ics).

build turns a plan into each file; the renderers import their heavy libraries only when a file is asked for.
"""
