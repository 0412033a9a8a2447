"""Stage 1, inputs: everything a build reads, read and checked before anything is computed.

config (config.yaml), policy (policy.yaml, with the condition language, the measure
catalogue it may name and the check of its action texts), sources (the data tables),
history (the previous report). Bad input is an InputError naming file, line and column.
"""
