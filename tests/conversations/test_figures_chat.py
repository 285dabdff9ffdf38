"""/figures in the technician's chat: the period's figures in words, the charts as pictures,
the accountant's CSV as a document. The clock stands at Tuesday 24 November 2026, 10:00."""

from __future__ import annotations

import csv
import io

from storage.files import LocalFileStore
from tests.support.chat import Person
from tests.support.figure_data import seed
from tests.support.images import shape
from tests.support.scene import Scene


async def technician(scene: Scene) -> Person:
    await seed(scene.sessions)
    return scene.technician()


async def test_the_months_figures_in_words_and_charts(scene: Scene) -> None:
    tech = await technician(scene)
    [reply] = await tech.send("/figures")
    lines = reply.text.splitlines()
    assert lines[0] == "Figures for this month (November 2026)"
    assert (
        "Jobs: 4 (Remote support session 2, On-site call-out 1, Wi-Fi and network set-up 1)"
        in lines
    )
    assert "Problems: Viruses and pop-ups 2, Internet and Wi-Fi 1, Printers 1" in lines
    assert (
        "Time from request: first answer 1 h (2 jobs); visit 1 d 1 h (3 jobs);"
        " completion 1 d 14 h (2 jobs)"
    ) in lines
    assert "Satisfaction: 3.7 of 5 from 3 answers (5★ 1, 4★ 1, 3★ 0, 2★ 1, 1★ 0)" in lines
    assert '  BG-1002 gave 2/5: "Late"' in lines
    assert "Invoiced: R3 029.82 excl. VAT, VAT R454.48" in lines
    assert (
        "Paid: R1 711.56 excl. VAT, VAT R256.74 (paid figures count the invoices marked paid)"
        in lines
    )
    assert "Customers: 3 served, 2 of them returning" in lines
    assert (
        "Unpaid now: 0-7 days 0 (R0.00), 8-30 days 1 (R1 516.00), 31-60 days 1 (R950.00),"
        " over 60 days 0 (R0.00)"
    ) in lines
    assert [o.label for o in reply.options] == ["BG-1002 (2/5)"]
    charts = {a.caption: a for a in reply.attachments}
    assert list(charts) == [
        "Jobs by service",
        "Most common problems",
        "Jobs by day of the week",
        "Survey scores (1-5)",
        "Invoiced by month, excl. VAT",
        "Unpaid invoices by age, incl. VAT",
    ]
    store = LocalFileStore(scene.files)
    for chart in charts.values():
        assert chart.content_type == "image/png"
        assert shape(await store.get(chart.ref)) == ("PNG", (800, 450))

    [card] = await tech.send(option=reply.options[0].id)  # a low score is a tap from its job
    assert card.text.startswith("BG-1002 - On-site call-out")


async def test_an_empty_period_says_so_without_charts(scene: Scene) -> None:
    tech = await technician(scene)
    [reply] = await tech.send("/figures 2025")
    assert reply.text == "Nothing to count for 2025: no jobs, invoices or survey answers."
    assert reply.attachments == ()


async def test_words_that_name_no_period_get_the_ways_to_name_one(scene: Scene) -> None:
    tech = await technician(scene)
    [reply] = await tech.send("/figures next week")
    assert reply.text.startswith("I can't read 'next week' as a period:")
    assert "/figures csv" in reply.text


async def test_the_accountants_csv_as_a_document(scene: Scene) -> None:
    tech = await technician(scene)
    [reply] = await tech.send("/figures csv q4")
    assert reply.text == (
        "Invoices issued in Q4 2026: 4 (paid figures count the invoices marked paid)."
    )
    [document] = reply.attachments
    assert (document.content_type, document.filename) == (
        "text/csv",
        "invoices-2026-10-01_2026-12-31.csv",
    )
    data = await LocalFileStore(scene.files).get(document.ref)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["Invoice"] for r in rows] == [
        "INV-00001",
        "INV-00002",
        "INV-00003",
        "INV-00004",
        "Total",
    ]
    assert (rows[1]["Customer"], rows[1]["Job"], rows[1]["Paid"]) == ("Ben", "BG-1002", "0.00")
    total = rows[-1]
    assert (total["Net (excl. VAT)"], total["VAT"], total["Total"], total["Paid"]) == (
        "3855.91",  # 47826 + 131826 + 123330 + 82609 cents
        "578.39",  # 7174 + 19774 + 18500 + 12391
        "4434.30",
        "1968.30",  # invoices 1 and 3: 55000 + 141830
    )
