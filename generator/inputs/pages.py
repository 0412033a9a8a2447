"""``pages:`` in config.yaml: which customers get a page of their own (issue 18, large bases).

``all`` (the default) or a condition in the policy's language over the measures, ``segment``
and ``customer_id``, e.g. ``pages: "segment == 'fix' or revenue_12m > 100000"``. A customer
without a page is still counted everywhere and listed by name; no link points at a page
that was not made.
"""
from __future__ import annotations

from generator.errors import InputError, Problem
from generator.inputs import conditions
from generator.inputs.config import Config


def pages_condition(config: Config, policy) -> conditions.Condition | None:
    """The parsed ``pages:`` condition; None when every customer gets a page. A wrong condition
    is an :class:`InputError` naming config.yaml's line."""
    if config.pages is None:
        return None
    names = {**policy.catalogue.condition_names(allow_segment_dependent=True), "customer_id": "text"}
    line, column = config.where("pages")
    shown = config.display(config.file)
    try:
        return conditions.parse(config.pages, names, file=shown, line=line, column=column, what="pages condition")
    except conditions.ConditionError as exc:
        p = exc.problem
        raise InputError(Problem(shown, f"pages: {p.message}", p.line if p.line is not None else line,
                                 p.column if isinstance(p.column, int) else column,
                                 p.hint or "write 'all' or a condition as in the policy, such as "
                                           "\"segment == 'fix' and revenue_12m > 10000\"")) from None
