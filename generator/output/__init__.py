"""Stage 4, output: the only stage that writes files.

writer (a staging folder swapped in as the last step, the zip), history (a build recorded
once the site is published), incremental (an unchanged site kept as it is).
"""
