"""Stage 3, render: the Report turned into bytes, handed to the sink it is given.

The site (one module per page type), charts, the exports (CSV, workbook, report.json), the
PDFs, and the terminal output of ``klantwaarde explain`` and ``diff``.
"""
