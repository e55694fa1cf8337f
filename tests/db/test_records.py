"""Records: every write lands with its outbox and audit entry, or not at all."""

from __future__ import annotations

import sqlite3

import pytest

from bkkdesk.core.errors import NotFoundError, StateError, ValidationError
from bkkdesk.db import jsonutil
from bkkdesk.db.records import RecordFilter
from bkkdesk.db.store import Store

GOOD = {
    "shop_name": "ร้านข้าวมันไก่นายสมชาย",
    "licence_no": "12/2568",
    "owner_name": "นายสมชาย ใจดี",
    "owner_id": "1-1017-00123-45-6",
    "subdistrict": "สีลม",
    "inspected_on": "15 ม.ค. 2568",
    "seats": "40",
    "status": "ผ่าน",
}


def _count(store: Store, table: str) -> int:
    con = sqlite3.connect(store.path)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


def test_add_stores_clean_values_with_outbox_and_audit(store: Store) -> None:
    r = store.records.add("shops", GOOD, user="admin")
    assert r.values["owner_id"] == "1101700123456"
    assert r.values["inspected_on"] == "2025-01-15"
    assert r.values["subdistrict"] == "100402"
    assert r.values["seats"] == 40
    assert r.values["status"] == "pass"
    assert r.subdistrict_code == "100402" and r.record_date == "2025-01-15"
    assert r.status == "pass" and r.district_code == "1004"
    con = sqlite3.connect(store.path)
    op, changes, base = con.execute(
        "SELECT op, changes, base_version FROM outbox WHERE record_id = ?", (r.id,)
    ).fetchone()
    con.close()
    assert op == "create" and base == 0
    assert jsonutil.loads(changes)["shop_name"] == GOOD["shop_name"]
    history = store.records.history(r.id)
    assert [h["action"] for h in history] == ["create"]
    assert history[0]["changes"]["owner_name"] == [None, "นายสมชาย ใจดี"]


def test_thai_is_stored_as_thai_not_escapes(store: Store) -> None:
    r = store.records.add("shops", GOOD, user="admin")
    con = sqlite3.connect(store.path)
    data = con.execute("SELECT data FROM records WHERE id = ?", (r.id,)).fetchone()[0]
    con.close()
    assert "สมชาย" in data and "\\u0e" not in data


def test_invalid_input_changes_nothing(store: Store) -> None:
    before = [_count(store, t) for t in ("records", "outbox", "audit_log")]
    bad = dict(GOOD, owner_id="1101700123454", status="fail", licence_no="12-2568")
    with pytest.raises(ValidationError) as info:
        store.records.add("shops", bad, user="admin")
    rules = {(e.field, e.rule) for e in info.value.errors}
    assert ("owner_id", "national_id") in rules
    assert ("fail_reason", "required") in rules
    assert ("licence_no", "pattern") in rules
    assert all(e.th and e.en for e in info.value.errors)
    assert [_count(store, t) for t in ("records", "outbox", "audit_log")] == before


def test_unique_key_within_district(store: Store) -> None:
    store.records.add("shops", GOOD, user="admin")
    before = _count(store, "outbox")
    with pytest.raises(ValidationError) as info:
        store.records.add("shops", dict(GOOD, shop_name="ร้านอื่น"), user="admin")
    assert {e.rule for e in info.value.errors} == {"unique"}
    assert _count(store, "outbox") == before
    # A deleted record frees its key.
    first = store.records.query("shops")[0]
    store.records.delete(first.id, user="admin")
    store.records.add("shops", dict(GOOD, shop_name="ร้านอื่น"), user="admin")


def test_edit_records_only_changed_fields(store: Store) -> None:
    r = store.records.add("shops", GOOD, user="admin")
    r2 = store.records.edit(r.id, {"status": "fail", "fail_reason": "ห้องครัวไม่สะอาด"},
                            user="admin")
    assert r2.status == "fail" and r2.values["fail_reason"] == "ห้องครัวไม่สะอาด"
    con = sqlite3.connect(store.path)
    rows = con.execute(
        "SELECT op, changes FROM outbox WHERE record_id = ? ORDER BY seq", (r.id,)
    ).fetchall()
    con.close()
    assert [op for op, _ in rows] == ["create", "update"]
    assert jsonutil.loads(rows[1][1]) == {"status": "fail", "fail_reason": "ห้องครัวไม่สะอาด"}
    # Clearing a relevance condition drops the dependent value.
    r3 = store.records.edit(r.id, {"status": "pass"}, user="admin")
    assert "fail_reason" not in r3.values
    history = store.records.history(r.id)
    assert [h["action"] for h in history] == ["create", "update", "update"]
    assert history[2]["changes"]["fail_reason"] == ["ห้องครัวไม่สะอาด", None]


def test_edit_without_change_writes_nothing(store: Store) -> None:
    r = store.records.add("shops", GOOD, user="admin")
    before = _count(store, "outbox")
    store.records.edit(r.id, {"shop_name": GOOD["shop_name"]}, user="admin")
    assert _count(store, "outbox") == before


def test_delete_is_a_tombstone_that_syncs(store: Store) -> None:
    r = store.records.add("shops", GOOD, user="admin")
    store.records.delete(r.id, user="admin")
    assert store.records.count("shops") == 0
    assert store.records.get(r.id).deleted
    with pytest.raises(NotFoundError):
        store.records.edit(r.id, {"seats": 3}, user="admin")
    con = sqlite3.connect(store.path)
    ops = [o for (o,) in con.execute("SELECT op FROM outbox ORDER BY seq")]
    con.close()
    assert ops[-1] == "delete"


def test_outbox_sequence_never_reused(store: Store) -> None:
    a = store.records.add("shops", dict(GOOD, licence_no="01/2568"), user="admin")
    con = sqlite3.connect(store.path)
    first = con.execute("SELECT max(seq) FROM outbox").fetchone()[0]
    con.execute("DELETE FROM outbox")  # as after the server acknowledged them
    con.commit()
    con.close()
    store.records.edit(a.id, {"seats": 9}, user="admin")
    con = sqlite3.connect(store.path)
    second = con.execute("SELECT max(seq) FROM outbox").fetchone()[0]
    con.close()
    assert second > first


def test_writing_needs_a_district(data_dir) -> None:  # type: ignore[no-untyped-def]
    s = Store.open(data_dir / "fresh")
    try:
        with pytest.raises(StateError) as info:
            s.records.add("shops", GOOD, user="x")
        assert "init" in info.value.en
    finally:
        s.close()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("ไก", {"ร้านข้าวมันไก่นายสมชาย"}),  # 2 characters: instr() fallback
        ("ส", {"ร้านข้าวมันไก่นายสมชาย", "ส้มตำป้าแดง", "โรงอาหารสมศรี"}),  # 1 character
        ("สมชาย", {"ร้านข้าวมันไก่นายสมชาย"}),  # 5 characters: trigram FTS, no word spaces
        ("ป้าแดง", {"ส้มตำป้าแดง"}),
        ("ก๋วยเตี๋ยว", set()),
        ("SOMCHAI", {"ร้านข้าวมันไก่นายสมชาย"}),  # case-insensitive Latin
    ],
)
def test_thai_search_any_length(store: Store, query: str, expected: set[str]) -> None:
    store.records.add("shops", dict(GOOD, owner_name="Somchai Jaidee"), user="admin")
    store.records.add(
        "shops", {"shop_name": "ส้มตำป้าแดง", "inspected_on": "2025-02-01"}, user="admin"
    )
    store.records.add(
        "shops", {"shop_name": "โรงอาหารสมศรี", "inspected_on": "2025-02-02"}, user="admin"
    )
    rows = store.records.query("shops", RecordFilter(search=query))
    found = {r.values["shop_name"] for r in rows}
    assert found == expected
    assert store.records.count("shops", RecordFilter(search=query)) == len(expected)


def test_search_index_follows_edits_and_deletes(store: Store) -> None:
    r = store.records.add("shops", GOOD, user="admin")
    store.records.edit(r.id, {"shop_name": "ร้านก๋วยเตี๋ยวเรือ"}, user="admin")
    assert store.records.count("shops", RecordFilter(search="สมชาย")) == 1  # owner still
    assert store.records.count("shops", RecordFilter(search="ข้าวมันไก่")) == 0
    assert store.records.count("shops", RecordFilter(search="เตี๋ยวเรือ")) == 1
    store.records.delete(r.id, user="admin")
    assert store.records.count("shops", RecordFilter(search="เตี๋ยวเรือ")) == 0


def test_sort_in_thai_dictionary_order(store: Store) -> None:
    names = ["ไก่ย่าง", "กาแฟสด", "ขนมจีน", "เกาเหลา", "ฮะจิบัง", "แกงส้ม", "ข้าวต้ม"]
    for i, n in enumerate(names):
        store.records.add("shops", {"shop_name": n, "inspected_on": f"2025-03-{i + 1:02d}"},
                          user="admin")
    got = [r.values["shop_name"] for r in store.records.query("shops", order_by="shop_name")]
    # Leading vowels เ แ ไ do not count as the first letter: all ก-words come before ข.
    assert got == ["กาแฟสด", "เกาเหลา", "แกงส้ม", "ไก่ย่าง", "ขนมจีน", "ข้าวต้ม", "ฮะจิบัง"]
    desc = [r.values["shop_name"] for r in store.records.query("shops", order_by="shop_name",
                                                               descending=True)]
    assert desc == list(reversed(got))


def test_choices_sort_in_definition_order_and_subdistricts_by_name(store: Store) -> None:
    # status choices are pass, fail (in that order); codes alone would put fail first.
    # Subdistrict codes 100401 มหาพฤฒาราม, 100402 สีลม, 100404 บางรัก: by name บางรัก first.
    for i, (status, sub) in enumerate([("fail", "100401"), ("pass", "100402"),
                                       ("fail", "100404"), ("pass", "100401")]):
        values = {"shop_name": f"ร้าน {i}", "inspected_on": "2025-03-01", "status": status,
                  "subdistrict": sub}
        if status == "fail":
            values["fail_reason"] = "ไม่มีอ่างล้างมือ"
        store.records.add("shops", values, user="admin")

    def order(by: str, descending: bool = False) -> list[str]:
        rows = store.records.query("shops", order_by=by, descending=descending)
        return [r.values["shop_name"] for r in rows]

    assert order("status") == ["ร้าน 1", "ร้าน 3", "ร้าน 0", "ร้าน 2"]
    assert order("status", descending=True) == ["ร้าน 0", "ร้าน 2", "ร้าน 1", "ร้าน 3"]
    assert order("subdistrict") == ["ร้าน 2", "ร้าน 0", "ร้าน 3", "ร้าน 1"]


def test_filters_and_keyset_streaming(store: Store) -> None:
    for i in range(30):
        store.records.add(
            "shops",
            {"shop_name": f"ร้าน {i}", "inspected_on": f"2025-01-{i % 28 + 1:02d}",
             "subdistrict": "100402" if i % 2 else "100401", "status": "pass"},
            user="admin",
        )
    assert store.records.count("shops", RecordFilter(subdistrict="100402")) == 15
    assert store.records.count(
        "shops", RecordFilter(date_from="2025-01-05", date_to="2025-01-10")
    ) == 6
    streamed = list(store.records.iter_records("shops", batch=7))
    assert len(streamed) == 30 and len({r.id for r in streamed}) == 30
    seqs = store.records.seqs("shops", order_by="shop_name")
    rows = store.records.by_seqs(seqs[:5])
    assert [rows[s].values["shop_name"] for s in seqs[:5]] == [
        "ร้าน 0", "ร้าน 1", "ร้าน 2", "ร้าน 3", "ร้าน 4"
    ]
