"""What the records table shows: the same masks as Excel, B.E. dates, choice labels."""

from __future__ import annotations

from bkkdesk.core.definitions import load_builtin_definitions
from bkkdesk.core.display import display_value
from bkkdesk.core.reference import load_reference


def test_masked_cells_read_as_in_the_exported_workbook() -> None:
    d = load_builtin_definitions()["street_vendor"]
    ref = load_reference()

    def shown(name: str, value: object, masked: bool = True) -> str:
        return display_value(d.field(name), value, ref, masked=masked)

    assert shown("vendor_name", "สมชาย ใจดี") == "สม*** ใจ***"
    assert shown("vendor_name", "น้ำผึ้ง") == "น้ำ***"  # a tone mark stays with its letter
    assert shown("phone", "0812345678") == "08x-xxx-x678"
    assert shown("national_id", "1101700230708") == "1-xxxx-xxxxx-xx-8"
    assert shown("vendor_name", "สมชาย ใจดี", masked=False) == "สมชาย ใจดี"
    assert shown("phone", "0812345678", masked=False) == "081-234-5678"
