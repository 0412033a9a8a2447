"""Stage 2, model: the report computed from the inputs, with no file read or written.

measures (per customer, vectorised) and future value, scoring, segmentation, changes since
the previous report, recommendations, the contact timeline; the Report holds all of it.
"""
