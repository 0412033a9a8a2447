"""The customers' contact details for the worklists (contact person, phone, e-mail).

Only when ``privacy.contacts`` in config.yaml allows them, and never in an
anonymised report: then there is no table at all, so no page or file can show
one by mistake.
"""
from __future__ import annotations

import pandas as pd

#: the optional columns of the customers table that are contact details, in the order shown
CONTACT_COLUMNS = ("contact_name", "phone", "email")


def contact_details(customers: pd.DataFrame | None, index: pd.Index, allowed: bool) -> pd.DataFrame | None:
    """Index customer_id (as ``index``), one column per contact column the customers table has
    (text, None when empty); None when not allowed or the table has none of them."""
    if not allowed or customers is None:
        return None
    columns = [c for c in CONTACT_COLUMNS if c in customers.columns]
    if not columns:
        return None
    table = customers.drop_duplicates("customer_id", keep="last").set_index("customer_id")[columns]
    table.index = table.index.astype(str)
    table = table.reindex(index.astype(str))
    out = pd.DataFrame(index=index)
    for c in columns:
        text = table[c].astype("string").str.strip()
        text = text.where(text.str.len() > 0).astype(object)
        out[c] = text.where(text.notna(), None).to_numpy()
    return out
