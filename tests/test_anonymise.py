"""``build --anonymise``: no real customer name, id or account manager in any output file."""
from __future__ import annotations

import html
import io
import json
import re
import shutil
import zipfile

import pandas as pd
import pytest

from generator.errors import Problem
from generator.model.anonymise import Pseudonyms
from generator.pipeline import build
from generator.text.messages import Message


@pytest.fixture(scope="module")
def anonymised(tmp_path_factory):
    from conftest import ROOT

    root = tmp_path_factory.mktemp("anon")
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    shutil.copytree(ROOT / "content", root / "content", ignore=shutil.ignore_patterns("__pycache__"))
    result = build(root / "config.yaml", root / "site", make_zip=True, anonymise=True)
    return root, result


def real_words(root) -> list[str]:
    """Every customer id, customer name and account manager in the sample's data."""
    customers = pd.read_csv(root / "content/data/klanten.csv", sep=";", dtype=str, keep_default_na=False)
    tx = pd.read_csv(root / "content/data/transacties.csv", sep=";", dtype=str, encoding="cp1252",
                     keep_default_na=False)
    words = set(customers["Klantnummer"]) | set(tx["Klantnummer"]) | set(customers["Naam"]) | \
        set(customers["Accountmanager"])
    return sorted(w for w in words if w)


def spellings(word: str) -> set[str]:
    """The ways a text can be written into HTML, JSON or a script, lowercased."""
    forms = {word, html.escape(word), html.escape(word, quote=False), json.dumps(word)[1:-1],
             json.dumps(word, ensure_ascii=False)[1:-1]}
    forms |= {f.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") for f in set(forms)}
    forms |= {f.replace("'", "&#39;").replace('"', "&#34;") for f in set(forms)}
    return {f.lower() for f in forms}


def every_text(root, result) -> dict[str, str]:
    """Each output file as text: the site, the zip's entries and the workbook's parts, unpacked."""
    out = {}

    def add(name: str, data: bytes):
        if name.endswith((".zip", ".xlsx")):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for info in zf.infolist():
                    add(f"{name}!{info.filename}", zf.read(info))
        else:
            out[name] = data.decode("utf-8", errors="replace").lower()

    for path in sorted(result.output.rglob("*")):
        if path.is_file():
            add(str(path.relative_to(root)), path.read_bytes())
    add(result.zip_path.name, result.zip_path.read_bytes())
    return out


def test_no_real_name_id_or_account_manager_in_any_file(anonymised):
    root, result = anonymised
    words = real_words(root)
    assert "K9010" in words and "Brightline Events B.V." in words and "Sanne Vermeulen" in words
    needles = sorted({f for w in words for f in spellings(w)}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(n) for n in needles))
    texts = every_text(root, result)
    assert any(name.endswith("scores.xlsx!xl/worksheets/sheet1.xml") for name in texts)
    assert any("!" in name and name.endswith(".html") for name in texts)            # the zip was opened
    found = {name: m.group(0) for name, text in texts.items() if (m := pattern.search(text))}
    assert found == {}


def test_pseudonyms_are_used_everywhere_downstream(anonymised):
    root, result = anonymised
    report = result.report
    c = report.customers
    assert c.index.str.fullmatch(r"anon-\d{4}").all()
    assert c["name"].str.fullmatch(r"Klant \d{4}").all()
    assert (c.index.str[5:] == c["name"].str[6:]).all()                         # anon-0042 is Klant 0042
    assert set(c["account_manager"].dropna()) <= {f"Accountmanager {i}" for i in range(1, 6)}
    assert set(report.actions["customer_id"]) <= set(c.index)
    assert set(report.actions["owner"].dropna()) <= set(c["account_manager"].dropna())
    assert set(report.rules.index) == set(c.index)
    assert set(report.monthly["customer_id"]) <= set(c.index)
    pages = {p.stem for p in (result.output / "customers").glob("anon-*.html")}
    assert pages == set(c["slug"])
    letters = report.actions[report.actions["letter"]]
    # no contact person's name in an anonymised report: a business greeting, and the pseudonym
    assert letters["text"].str.contains(r"^(?:Geachte heer, mevrouw|Dear Sir or Madam),", regex=True).all()
    assert letters["text"].str.contains(r"(?:met|with) Klant \d{4}", regex=True).all()
    assert c["contact_name"].isna().all()
    assert json.loads((result.output / "report.json").read_text(encoding="utf-8"))["anonymised"] is True


def test_an_anonymised_build_leaves_the_history_alone(anonymised):
    root, _ = anonymised
    assert not (root / ".klantwaarde" / "history").exists()


def test_pseudonyms_are_stable_for_the_same_data_and_hide_the_order_of_ids():
    ids = [f"K{i:04d}" for i in range(1, 41)]
    frame = pd.DataFrame({"name": [f"Naam {i}" for i in ids], "account_manager": ["Anna", "Bert"] * 20},
                         index=pd.Index(ids, name="customer_id"))
    one = Pseudonyms.for_customers(frame, "nl")
    again = Pseudonyms.for_customers(frame.iloc[::-1], "nl")          # another row order: the same names
    assert one.ids == again.ids and one.labels == again.labels
    numbers = [int(one.ids[i][5:]) for i in ids]
    assert sorted(numbers) == list(range(1, 41)) and numbers != sorted(numbers)
    assert one.customers(frame).loc[one.ids["K0007"], "name"] == one.labels["K0007"]
    assert one.text("first: 'K0007' of Naam K0007 (Anna)") == \
        f"first: '{one.ids['K0007']}' of {one.labels['K0007']} ({one.managers['Anna']})"
    # a warning's first value may be an id no table kept (an unknown customer): left out
    warning = Problem("interactions.csv", Message("warning.unknown_customer", count=Message("count.rows", n=3),
                                                  done=Message("done.left_out"), value="'X-999'"), 4,
                      "klant", Message("hint.unknown_customers"))
    assert str(one.problem(warning)) == (
        "interactions.csv:4: column 'klant': 3 rows for customers not in the transactions or the customers table, "
        "left out (first: …) (check the customer ids, or add these customers to the customers table)")
    manager = Problem("Anna.csv", Message("warning.repeated_id", count=Message("count.rows", n=1), value="'K0007'"))
    assert str(one.problem(manager)) == (f"{one.managers['Anna']}.csv: 1 row repeating a customer id of an earlier "
                                         "row, left out (first: …)")


def test_anonymised_builds_of_the_same_data_are_byte_identical(small_project):
    first = build(small_project / "config.yaml", small_project / "one", anonymise=True)
    second = build(small_project / "config.yaml", small_project / "two", anonymise=True)
    one = {p.relative_to(first.output): p.read_bytes() for p in first.output.rglob("*") if p.is_file()}
    two = {p.relative_to(second.output): p.read_bytes() for p in second.output.rglob("*") if p.is_file()}
    assert one == two
    text = "".join(b.decode("utf-8", errors="replace") for b in one.values())
    for word in ("Alfa &amp; Zn.", "Bravo", "Charlie", "Sanne", "Joost"):
        assert word not in text
