"""Realistic Thai sample records for the seven shipped data sets (demo and benchmarks).

:func:`sample_values` returns the raw values of one record, already in the stored form
of each field type (decimals as strings, dates as ISO C.E. strings …), so that
:func:`bkkdesk.core.validation.validate_record` accepts them unchanged for the given
district. Values are drawn from ``rng`` only, so a seeded ``random.Random`` gives the
same records every run. Dates fall in the fiscal years 2567–2569 (1 Oct 2023 –
30 Sep 2026); names, shops, canals and roads are real-sounding Bangkok ones; national
IDs carry a correct check digit; subdistricts belong to the district.

Unique keys: drawn at random, natural keys of small domains (a KPI indicator in a
reporting round, a canal's name) repeat after a few dozen records. Pass ``seq`` (0, 1,
2 …) to make the unique key of every record of a district distinct, for loading many
records at once.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Callable, Sequence
from decimal import ROUND_DOWN, Decimal
from typing import Any, TypeVar

from bkkdesk.core.nationalid import check_digit
from bkkdesk.core.reference import Subdistrict, load_reference

T = TypeVar("T")

BE_OFFSET = 543
FISCAL_YEARS = (2567, 2568, 2569)
WINDOW_START = dt.date(2023, 10, 1)  # first day of FY 2567
WINDOW_END = dt.date(2026, 9, 30)  # last day of FY 2569
CENT = Decimal("0.01")

# Approximate centre of each district (lat, lon), for plausible points on a map.
DISTRICT_CENTRES: dict[str, tuple[float, float]] = {
    "1001": (13.7563, 100.4990),
    "1002": (13.7770, 100.5200),
    "1003": (13.8550, 100.8620),
    "1004": (13.7300, 100.5240),
    "1005": (13.8730, 100.5960),
    "1006": (13.7660, 100.6470),
    "1007": (13.7440, 100.5220),
    "1008": (13.7580, 100.5130),
    "1009": (13.7020, 100.6010),
    "1010": (13.8140, 100.7480),
    "1011": (13.7220, 100.7590),
    "1012": (13.6970, 100.5430),
    "1013": (13.7400, 100.5100),
    "1014": (13.7800, 100.5430),
    "1015": (13.7250, 100.4860),
    "1016": (13.7230, 100.4760),
    "1017": (13.7770, 100.5790),
    "1018": (13.7300, 100.5090),
    "1019": (13.7770, 100.4570),
    "1020": (13.7710, 100.4680),
    "1021": (13.6600, 100.4350),
    "1022": (13.7150, 100.4370),
    "1023": (13.7050, 100.3490),
    "1024": (13.6820, 100.5060),
    "1025": (13.7940, 100.5050),
    "1026": (13.7700, 100.5530),
    "1027": (13.7850, 100.6690),
    "1028": (13.7080, 100.5260),
    "1029": (13.8090, 100.5370),
    "1030": (13.8280, 100.5600),
    "1031": (13.6930, 100.5030),
    "1032": (13.7170, 100.6940),
    "1033": (13.7080, 100.5840),
    "1034": (13.7300, 100.6510),
    "1035": (13.6770, 100.4840),
    "1036": (13.9130, 100.5900),
    "1037": (13.7590, 100.5340),
    "1038": (13.8040, 100.6070),
    "1039": (13.7420, 100.5860),
    "1040": (13.6960, 100.4090),
    "1041": (13.8870, 100.5790),
    "1042": (13.9190, 100.6460),
    "1043": (13.8270, 100.6760),
    "1044": (13.7690, 100.6850),
    "1045": (13.7800, 100.6060),
    "1046": (13.8600, 100.7040),
    "1047": (13.6680, 100.6040),
    "1048": (13.7720, 100.3520),
    "1049": (13.6110, 100.5090),
    "1050": (13.6600, 100.3920),
}
BANGKOK_CENTRE = (13.7563, 100.5018)

MALE_NAMES = (
    "สมชาย",
    "วิชัย",
    "ประเสริฐ",
    "กิตติ",
    "ธนพล",
    "บุญมี",
    "สุนทร",
    "ชัยวัฒน์",
    "อนุชา",
    "ณัฐพล",
    "ธีรวัฒน์",
    "ปรีชา",
    "สมศักดิ์",
    "วีระ",
    "อำนาจ",
    "พงษ์ศักดิ์",
    "เอกชัย",
    "สุรชัย",
    "ไพโรจน์",
    "ธวัชชัย",
    "ศุภชัย",
    "จักรพันธ์",
    "นพดล",
    "ภานุวัฒน์",
)
FEMALE_NAMES = (
    "สมศรี",
    "สุภาพร",
    "มาลี",
    "นภา",
    "ปิยะนุช",
    "อรุณี",
    "วรรณา",
    "พรทิพย์",
    "สมหญิง",
    "รัตนา",
    "เกศินี",
    "ศิริพร",
    "จันทร์เพ็ญ",
    "อำไพ",
    "กาญจนา",
    "สุดารัตน์",
    "วิไลวรรณ",
    "นงลักษณ์",
    "ปราณี",
    "เพ็ญศรี",
    "ณัฐธิดา",
    "ชลธิชา",
    "อรอุมา",
    "บุษบา",
)
SURNAMES = (
    "ใจดี",
    "ศรีสุข",
    "ทองดี",
    "แสงอรุณ",
    "วงศ์สวัสดิ์",
    "รุ่งเรือง",
    "สุขประเสริฐ",
    "บุญมา",
    "พงษ์พันธ์",
    "จันทร์หอม",
    "แก้วมณี",
    "ศักดิ์สิทธิ์",
    "เพชรรัตน์",
    "มั่นคง",
    "สายทอง",
    "ทรัพย์มาก",
    "อินทรวงศ์",
    "ชัยมงคล",
    "เจริญผล",
    "นาคสวัสดิ์",
    "แซ่ลิ้ม",
    "แซ่ตั้ง",
    "ประเสริฐศรี",
    "บุญเรือง",
    "สมบูรณ์ชัย",
    "ธนากร",
    "วัฒนสุข",
    "คงเจริญ",
    "ปานทอง",
)
NICKNAMES = (
    "ป้าแดง",
    "เจ๊หมวย",
    "ลุงชัย",
    "แม่ศรี",
    "พี่ต้อย",
    "เฮียเล้ง",
    "ยายนวล",
    "เจ๊จู",
    "ป้าแต๋ว",
    "น้าหนู",
    "ลุงเปี๊ยก",
    "พี่อ้อย",
    "เจ๊เกียว",
    "ตาหวาน",
    "แม่บุญ",
)
ROADS = (
    "สีลม",
    "สุรวงศ์",
    "เจริญกรุง",
    "พระรามที่ 4",
    "สาทรเหนือ",
    "นเรศ",
    "มเหสักข์",
    "สี่พระยา",
    "พหลโยธิน",
    "วิภาวดีรังสิต",
    "ลาดพร้าว",
    "รามคำแหง",
    "สุขุมวิท",
    "เพชรบุรี",
    "พระรามที่ 9",
    "รัชดาภิเษก",
    "งามวงศ์วาน",
    "แจ้งวัฒนะ",
    "เพชรเกษม",
    "จรัญสนิทวงศ์",
    "กาญจนาภิเษก",
    "บางนา-ตราด",
    "ศรีนครินทร์",
    "เสรีไทย",
    "ร่มเกล้า",
    "ประชาอุทิศ",
    "สุขสวัสดิ์",
    "พระรามที่ 2",
    "ราชพฤกษ์",
    "นวมินทร์",
    "ประดิษฐ์มนูธรรม",
    "วงศ์สว่าง",
    "ประชาราษฎร์บำเพ็ญ",
    "อ่อนนุช",
    "ลาดกระบัง",
    "สามเสน",
    "ราชดำเนินกลาง",
    "เยาวราช",
    "อิสรภาพ",
    "เอกชัย",
)
LANDMARKS = (
    "ตลาด",
    "โรงเรียน",
    "วัด",
    "สถานีรถไฟฟ้า",
    "ป้ายรถเมล์",
    "โรงพยาบาล",
    "ห้างสรรพสินค้า",
    "สำนักงานเขต",
    "สวนสาธารณะ",
    "ชุมชน",
)
SHOP_KINDS: tuple[tuple[str, str], ...] = (
    ("ข้าวมันไก่", "restaurant"),
    ("ก๋วยเตี๋ยวเรือ", "restaurant"),
    ("ส้มตำไก่ย่าง", "restaurant"),
    ("ข้าวแกง", "food_stall"),
    ("บะหมี่เกี๊ยวปู", "food_stall"),
    ("โจ๊ก", "food_stall"),
    ("อาหารตามสั่ง", "restaurant"),
    ("ข้าวขาหมู", "restaurant"),
    ("ติ่มซำ", "restaurant"),
    ("ร้านกาแฟ", "beverage_shop"),
    ("ชาไข่มุก", "beverage_shop"),
    ("ขนมไทย", "bakery"),
    ("เบเกอรี่", "bakery"),
    ("สุกี้", "restaurant"),
    ("หมูกระทะ", "restaurant"),
    ("ข้าวหมูแดง", "food_stall"),
    ("ผัดไทย", "food_stall"),
    ("ร้านน้ำเต้าหู้", "food_stall"),
)
CANALS = (
    "คลองแสนแสบ",
    "คลองผดุงกรุงเกษม",
    "คลองโอ่งอ่าง",
    "คลองบางลำพู",
    "คลองหลอด",
    "คลองมหานาค",
    "คลองสามเสน",
    "คลองเปรมประชากร",
    "คลองลาดพร้าว",
    "คลองบางกอกน้อย",
    "คลองบางกอกใหญ่",
    "คลองดาวคะนอง",
    "คลองบางหลวง",
    "คลองภาษีเจริญ",
    "คลองสาทร",
    "คลองช่องนนทรี",
    "คลองเตย",
    "คลองพระโขนง",
    "คลองประเวศบุรีรมย์",
    "คลองหลวงแพ่ง",
    "คลองสองต้นนุ่น",
    "คลองบางเขน",
    "คลองบางซื่อ",
    "คลองบางบัว",
    "คลองถนน",
    "คลองสอง",
    "คลองหกวา",
    "คลองบางนา",
    "คลองบางโพ",
    "คลองบางพรม",
    "คลองมอญ",
    "คลองชักพระ",
    "คลองบางเชือกหนัง",
    "คลองบางขุนเทียน",
    "คลองบางมด",
    "คลองจรเข้บัว",
    "คลองตาเร่ง",
    "คลองลำปลาทิว",
    "คลองทับยาว",
    "คลองสามวา",
)


def _pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[rng.randrange(len(items))]


def _weighted(rng: random.Random, pairs: Sequence[tuple[T, float]]) -> T:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _some(rng: random.Random, items: Sequence[str], most: int) -> list[str]:
    """One to ``most`` distinct items, in their original order (as multichoice stores them)."""
    chosen = set(rng.sample(list(items), rng.randint(1, most)))
    return [i for i in items if i in chosen]


def _money(value: Decimal | float) -> str:
    return str(Decimal(str(value)).quantize(CENT, rounding=ROUND_DOWN))


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _fy_range(fy: int) -> tuple[dt.date, dt.date]:
    ce = fy - BE_OFFSET
    return dt.date(ce - 1, 10, 1), dt.date(ce, 9, 30)


def _date_in_window(rng: random.Random) -> dt.date:
    return _date_between(rng, WINDOW_START, WINDOW_END)


def _be_year(day: dt.date) -> int:
    return day.year + BE_OFFSET


def person_name(rng: random.Random) -> str:
    """A full name with its title: นาย / นาง / นางสาว."""
    if rng.random() < 0.5:
        return f"นาย{_pick(rng, MALE_NAMES)} {_pick(rng, SURNAMES)}"
    title = "นาง" if rng.random() < 0.55 else "นางสาว"
    return f"{title}{_pick(rng, FEMALE_NAMES)} {_pick(rng, SURNAMES)}"


def national_id(rng: random.Random) -> str:
    """A 13-digit national ID with a correct check digit (mostly Bangkok-registered)."""
    first = _weighted(rng, (("1", 70.0), ("3", 25.0), ("5", 3.0), ("8", 2.0)))
    province = "10" if rng.random() < 0.6 else _pick(rng, ("11", "12", "13", "30", "40", "50"))
    body = first + province + "".join(str(rng.randrange(10)) for _ in range(9))
    return body + str(check_digit(body))


def phone(rng: random.Random) -> str:
    """A mobile number (06/08/09, 10 digits) or a Bangkok landline (02, 9 digits)."""
    if rng.random() < 0.2:
        return "02" + "".join(str(rng.randrange(10)) for _ in range(7))
    prefix = _pick(rng, ("06", "08", "09"))
    return prefix + "".join(str(rng.randrange(10)) for _ in range(8))


def _subdistricts(district_code: str) -> list[Subdistrict]:
    subs = sorted(load_reference().subdistricts_of(district_code), key=lambda s: s.code)
    if not subs:
        raise ValueError(f"unknown district or district without subdistricts: {district_code}")
    return subs


def _point(rng: random.Random, district_code: str) -> dict[str, float]:
    lat, lon = DISTRICT_CENTRES.get(district_code, BANGKOK_CENTRE)
    return {
        "lat": round(lat + rng.uniform(-0.012, 0.012), 6),
        "lon": round(lon + rng.uniform(-0.012, 0.012), 6),
    }


def _road(rng: random.Random) -> str:
    return f"ถนน{_pick(rng, ROADS)}"


def _soi(rng: random.Random, road: str | None = None) -> str:
    name = road if road is not None else _pick(rng, ROADS)
    return f"ซอย{name} {rng.randint(1, 99)}"


def _address(rng: random.Random, house: int | None = None) -> str:
    road = _pick(rng, ROADS)
    number = house if house is not None else rng.randint(1, 999)
    sub = f"/{rng.randint(1, 99)}" if rng.random() < 0.4 else ""
    soi = f" {_soi(rng, road)}" if rng.random() < 0.6 else ""
    return f"{number}{sub}{soi} ถนน{road}"


def _place(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return f"ปาก{_soi(rng)}"
    if kind == 1:
        return f"หน้า{_pick(rng, LANDMARKS)} {_road(rng)}"
    if kind == 2:
        return f"แยก{_pick(rng, ROADS)}"
    return f"ใต้สะพานลอยหน้า{_pick(rng, LANDMARKS)} {_road(rng)}"


# --------------------------------------------------------------------------- KPI report

_INDICATORS: tuple[tuple[str, str, str, str, Decimal, str], ...] = (
    # component, code, name, unit, target, owner
    (
        "agenda_base",
        "2.1",
        "ระดับความสำเร็จของคลองในพื้นที่กรุงเทพมหานครได้รับการปรับปรุงภูมิทัศน์ให้สอดคล้องกับเอกลักษณ์ของพื้นที่",
        "level",
        Decimal(5),
        "สำนักการระบายน้ำ",
    ),
    (
        "agenda_base",
        "2.2",
        "จำนวนต้นไม้ที่ปลูกเพิ่มในพื้นที่เขตตามนโยบายต้นไม้ล้านต้น",
        "count",
        Decimal(5000),
        "สำนักสิ่งแวดล้อม",
    ),
    (
        "area_base",
        "3.1",
        "ระดับความสำเร็จในการส่งเสริมให้สถานประกอบการอาหารผ่านเกณฑ์มาตรฐานอาหารปลอดภัย "
        "มีบริการที่เป็นมิตรต่อสิ่งแวดล้อม (Green Service)",
        "level",
        Decimal(5),
        "สำนักอนามัย",
    ),
    (
        "area_base",
        "3.2",
        "ระดับความสำเร็จของการจัดความเป็นระเบียบเรียบร้อยบริเวณพื้นผิวจราจรและทางเท้า",
        "level",
        Decimal(5),
        "สำนักเทศกิจ",
    ),
    (
        "area_base",
        "3.3",
        "ร้อยละความสำเร็จในการแก้ไขจุดเสี่ยงอุบัติเหตุ (Black Spot)",
        "percent",
        Decimal(100),
        "สำนักการจราจรและขนส่ง",
    ),
    (
        "area_base",
        "3.4",
        "ร้อยละของเรื่องร้องเรียนผ่านระบบ Traffy Fondue ที่ได้รับการแก้ไขแล้วเสร็จ",
        "percent",
        Decimal(80),
        "สำนักยุทธศาสตร์และประเมินผล",
    ),
    (
        "area_base",
        "3.5",
        "ร้อยละความสำเร็จของการสำรวจข้อมูลที่ดินและสิ่งปลูกสร้างเพื่อจัดเก็บภาษี",
        "percent",
        Decimal(90),
        "สำนักการคลัง",
    ),
    (
        "area_base",
        "3.6",
        "ร้อยละของปริมาณขยะมูลฝอยที่ลดลงจากการคัดแยกที่ต้นทาง",
        "percent",
        Decimal(10),
        "สำนักสิ่งแวดล้อม",
    ),
    (
        "area_base",
        "3.7",
        "ร้อยละของเรื่องร้องเรียนเหตุเดือดร้อนรำคาญที่ได้รับการแก้ไขภายในเวลาที่กำหนด",
        "percent",
        Decimal(80),
        "สำนักอนามัย",
    ),
    (
        "innovation_base",
        "4.1",
        "ความสำเร็จในการพัฒนานวัตกรรมเพื่อเพิ่มประสิทธิภาพในการปฏิบัติงานของหน่วยงาน",
        "level",
        Decimal(5),
        "สำนักงาน ก.ก.",
    ),
    (
        "potential_base",
        "5.1",
        "ความสำเร็จของการเบิกจ่ายงบประมาณในภาพรวม",
        "percent",
        Decimal(90),
        "สำนักงบประมาณกรุงเทพมหานคร",
    ),
    (
        "potential_base",
        "5.2",
        "ร้อยละความสำเร็จในการพัฒนาและจัดเก็บฐานข้อมูลที่มีความสำคัญต่อการปฏิบัติงานหรือการให้บริการ",
        "percent",
        Decimal(100),
        "สำนักยุทธศาสตร์และประเมินผล",
    ),
)
_ROUNDS = ("quarter_1", "half_year", "nine_months", "year_end")
# Report date of each round: (month, first day, last day), within the fiscal year.
_ROUND_DATES = {
    "quarter_1": (1, 5, 20),
    "half_year": (4, 5, 20),
    "nine_months": (7, 5, 20),
    "year_end": (9, 15, 30),
}
_ROUND_SHARE = {"quarter_1": 0.25, "half_year": 0.5, "nine_months": 0.75, "year_end": 1.0}
_PROBLEMS: dict[str, tuple[str, ...]] = {
    "staffing": (
        "อัตรากำลังไม่เพียงพอเนื่องจากการโอนย้ายและเกษียณอายุ ไม่มีอัตรากำลังมาทดแทน",
        "เจ้าหน้าที่บรรจุใหม่ยังขาดความรู้และประสบการณ์ในการดำเนินการตามตัวชี้วัด",
    ),
    "budget": (
        "ได้รับจัดสรรงบประมาณล่าช้าในช่วงปลายปีงบประมาณ ทำให้เบิกจ่ายไม่ทันตามแผน",
        "งบประมาณไม่เพียงพอต่อการดำเนินโครงการตามเป้าหมาย",
    ),
    "regulations": ("ระเบียบการจัดซื้อจัดจ้างมีการปรับปรุงใหม่ บุคลากรยังขาดความเข้าใจ ทำให้ดำเนินการล่าช้า",),
    "tools_technology": (
        "เครื่องคอมพิวเตอร์เป็นรุ่นเก่า ไม่รองรับระบบที่นำมาใช้ และสัญญาณอินเทอร์เน็ตไม่เสถียร",
        "ไม่มีการเชื่อมโยงข้อมูลกับหน่วยงานอื่น ต้องจัดเก็บข้อมูลใหม่ทั้งหมด",
    ),
    "management": ("พื้นที่ริมคลองบางส่วนอยู่ในความรับผิดชอบร่วมกับหน่วยงานอื่น เขตไม่มีอำนาจดำเนินการเต็มที่",),
    "disaster": ("เกิดฝนตกหนักและน้ำท่วมขังในพื้นที่ ต้องปรับแผนการดำเนินงาน",),
    "policy_change": ("ผู้บริหารเปลี่ยนนโยบาย มีงานเร่งด่วนที่ได้รับมอบหมายเพิ่มเติม",),
    "coordination": (
        "ต้องประสานการไฟฟ้านครหลวงและผู้รับสัมปทานรถไฟฟ้าเพื่อขออนุญาตเข้าพื้นที่",
        "ผู้ประกอบการยื่นอุทธรณ์ผลการจัดหาผู้รับจ้าง ทำให้โครงการล่าช้า",
    ),
}


def _kpi(rng: random.Random, district_code: str, seq: int | None) -> dict[str, Any]:
    combos = len(FISCAL_YEARS) * len(_INDICATORS) * len(_ROUNDS)
    sub = 0
    if seq is None:
        fy = _pick(rng, FISCAL_YEARS)
        indicator = _pick(rng, _INDICATORS)
        rnd = _pick(rng, _ROUNDS)
    else:
        i, sub = seq % combos, seq // combos
        if sub > 999:
            raise ValueError("seq too large for kpi_report")
        fy = FISCAL_YEARS[i % len(FISCAL_YEARS)]
        i //= len(FISCAL_YEARS)
        rnd = _ROUNDS[i % len(_ROUNDS)]
        indicator = _INDICATORS[i // len(_ROUNDS)]
    component, code, name, unit, target, owner = indicator
    if sub:
        code, name = f"{code}.{sub}", f"{name} (ตัวชี้วัดย่อยที่ {sub})"
    month, first, last = _ROUND_DATES[rnd]
    year = fy - BE_OFFSET - (1 if month >= 10 else 0)
    report_date = dt.date(year, month, rng.randint(first, last))
    status = _weighted(rng, (("draft", 2.0), ("submitted", 3.0), ("approved", 5.0)))
    values: dict[str, Any] = {
        "fiscal_year": fy,
        "reporting_round": rnd,
        "component": component,
        "indicator_code": code,
        "indicator_name": name,
        "indicator_owner": owner,
        "unit_of_measure": unit,
        "weight": _pick(rng, ("10.00", "15.00", "20.00", "25.00")),
        "target": str(target.quantize(CENT)),
        "report_date": report_date.isoformat(),
        "status": status,
    }
    if status != "draft" or rng.random() < 0.5:
        # Progress towards the target grows with the round; some units fall short.
        achieved = _ROUND_SHARE[rnd] * rng.uniform(0.6, 1.15)
        if unit == "level":
            result = Decimal(max(1, min(5, round(5 * achieved))))
        else:
            result = Decimal(str(float(target) * achieved)).quantize(CENT)
        values["result"] = str(result.quantize(CENT))
        ratio = float(result) / float(target) if target else 1.0
        score = max(1.0, min(5.0, 1.0 + 4.0 * ratio + rng.uniform(-0.3, 0.3)))
        values["score"] = _money(score)
        values["evidence"] = (
            f"ดำเนินการตามตัวชี้วัดที่ {code} ตามแผนปฏิบัติราชการ จัดส่งรายงานและภาพถ่าย"
            f"ประกอบการดำเนินงานให้{owner}แล้ว"
        )
    if rng.random() < 0.55:
        chosen = rng.sample(list(_PROBLEMS), rng.randint(1, 3))
        values["problem_category"] = [c for c in _PROBLEMS if c in chosen]
        values["problem_detail"] = " ".join(_pick(rng, _PROBLEMS[c]) for c in chosen)
        if rng.random() < 0.7:
            values["suggestion"] = _pick(
                rng,
                (
                    "ควรจัดอบรมเพิ่มพูนความรู้ด้านดิจิทัลให้แก่บุคลากรอย่างสม่ำเสมอ",
                    "ควรวางแผนการใช้จ่ายงบประมาณตั้งแต่ต้นปีงบประมาณ",
                    "ควรพัฒนาระบบข้อมูลที่มีชุดข้อมูลรูปแบบเดียวกันทั้ง 50 สำนักงานเขต",
                    "ควรประสานหน่วยงานภายนอกตั้งแต่ขั้นวางแผนโครงการ",
                ),
            )
    return values


# ------------------------------------------------------------------- budget disbursement

_MONTH_KEYS = ("oct", "nov", "dec", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep")
_PROJECTS: dict[str, tuple[tuple[str, str, int, int], ...]] = {
    # category: (name, responsible section, min and max allocation in baht)
    "personnel": (
        ("เงินเดือนและค่าจ้างประจำ", "general_affairs", 8_000_000, 40_000_000),
        ("ค่าตอบแทนพนักงานจ้าง", "general_affairs", 1_000_000, 6_000_000),
    ),
    "operating": (
        (
            "ค่าจ้างเหมาดูแลรักษาทรัพย์สินและรักษาความปลอดภัยสำนักงานเขต",
            "general_affairs",
            500_000,
            2_500_000,
        ),
        ("ค่าจ้างเหมาทำความสะอาดอาคารสำนักงานเขต", "general_affairs", 300_000, 1_500_000),
        ("โครงการอบรมผู้สัมผัสอาหารและผู้ประกอบการอาหาร", "environment_sanitation", 50_000, 300_000),
        ("โครงการจัดระเบียบหาบเร่แผงลอยและทางเท้า", "city_law_enforcement", 80_000, 500_000),
        ("โครงการพัฒนาคลองและปรับปรุงภูมิทัศน์ริมคลอง", "public_works", 200_000, 3_000_000),
        ("โครงการป้องกันและแก้ไขปัญหาน้ำท่วมขัง", "public_works", 300_000, 4_000_000),
        ("โครงการส่งเสริมการคัดแยกขยะมูลฝอยที่ต้นทาง", "cleansing_parks", 50_000, 400_000),
        ("ค่าวัสดุสำนักงานและวัสดุคอมพิวเตอร์", "finance", 100_000, 800_000),
        ("โครงการสำรวจข้อมูลที่ดินและสิ่งปลูกสร้าง", "revenue", 100_000, 900_000),
    ),
    "investment": (
        ("ปรับปรุงผิวจราจรและทางเท้า{soi}", "public_works", 500_000, 15_000_000),
        ("ก่อสร้างท่อระบายน้ำ{soi}", "public_works", 800_000, 20_000_000),
        ("ติดตั้งไฟฟ้าส่องสว่าง{soi}", "public_works", 200_000, 3_000_000),
        ("จัดซื้อเครื่องคอมพิวเตอร์สำหรับงานทะเบียนและบริการประชาชน", "registration", 300_000, 2_000_000),
        ("จัดซื้อรถเก็บขนมูลฝอยแบบอัดท้าย", "cleansing_parks", 2_000_000, 6_000_000),
    ),
    "subsidy": (
        ("เงินอุดหนุนกองทุนชุมชน", "community_welfare", 200_000, 2_000_000),
        ("เงินอุดหนุนค่าอาหารกลางวันนักเรียนโรงเรียนสังกัดกรุงเทพมหานคร", "education", 1_000_000, 8_000_000),
        ("เงินอุดหนุนค่าตอบแทนกรรมการชุมชน", "community_welfare", 100_000, 1_200_000),
    ),
    "other": (
        ("รายจ่ายเพื่อการป้องกันและบรรเทาสาธารณภัย", "administration", 100_000, 1_500_000),
        (
            "รายจ่ายเพื่อการเลือกตั้งผู้ว่าราชการกรุงเทพมหานครและสมาชิกสภากรุงเทพมหานคร",
            "administration",
            300_000,
            3_000_000,
        ),
    ),
}
_CATEGORY_NO = {"personnel": 1, "operating": 2, "investment": 3, "subsidy": 4, "other": 5}


def _budget(rng: random.Random, district_code: str, seq: int | None) -> dict[str, Any]:
    fy = _pick(rng, FISCAL_YEARS)
    start, end = _fy_range(fy)
    category = _weighted(
        rng,
        (
            ("personnel", 1.0),
            ("operating", 5.0),
            ("investment", 3.0),
            ("subsidy", 1.5),
            ("other", 0.7),
        ),
    )
    name, unit, low, high = _pick(rng, _PROJECTS[category])
    name = name.replace("{soi}", f" {_soi(rng)}")
    serial = seq + 1 if seq is not None else rng.randint(1, 999_999)
    allocated = Decimal(rng.randrange(low // 1000, high // 1000 + 1) * 1000)
    report_date = _date_between(rng, start, end)
    months_elapsed = (report_date.year - start.year) * 12 + report_date.month - 9
    status = _weighted(
        rng,
        (
            ("not_started", 1.0),
            ("procurement", 1.5),
            ("contracted", 1.5),
            ("disbursing", 4.0),
            ("completed", 2.0),
            ("cancelled", 0.4),
        ),
    )
    if category in ("personnel", "subsidy") and status in ("procurement", "contracted"):
        status = "disbursing"
    values: dict[str, Any] = {
        "fiscal_year": fy,
        "report_date": report_date.isoformat(),
        "project_code": f"{district_code}-{_CATEGORY_NO[category]}-{serial:06d}",
        "project_name": name,
        "budget_category": category,
        "responsible_unit": unit,
        "allocated": _money(allocated),
        "status": status,
    }
    share = 0.0
    if status in ("contracted", "disbursing", "completed"):
        committed = allocated * Decimal(str(rng.uniform(0.85, 1.0)))
        values["committed"] = _money(committed)
        share = {
            "contracted": rng.uniform(0.0, 0.3),
            "disbursing": rng.uniform(0.2, 0.9),
            "completed": rng.uniform(0.9, 1.0),
        }[status] * float(committed / allocated)
    elif status == "procurement":
        values["committed"] = "0.00"
    elif status == "cancelled":
        values["cancel_reason"] = _pick(
            rng,
            (
                "ไม่มีผู้ยื่นข้อเสนอ ยกเลิกการจัดซื้อจัดจ้าง",
                "สถานการณ์ไม่เอื้ออำนวย อนุมัติให้โอนงบประมาณไปตั้งจ่ายรายการใหม่",
                "พื้นที่ดำเนินการซ้ำซ้อนกับโครงการของสำนักการโยธา",
            ),
        )
    if share > 0:
        total = allocated * Decimal(str(share))
        months = _MONTH_KEYS[: max(1, months_elapsed)]
        weights = [rng.uniform(0.2, 1.0) for _ in months]
        scale = sum(weights)
        for key, w in zip(months, weights, strict=True):
            amount = (total * Decimal(str(w / scale))).quantize(CENT, rounding=ROUND_DOWN)
            if amount > 0:
                values[f"disbursed_{key}"] = str(amount)
    if rng.random() < 0.2:
        values["note"] = _pick(rng, ("เบิกจ่ายตามงวดงาน", "รอตรวจรับงานงวดสุดท้าย", "กันเงินไว้เบิกเหลื่อมปี"))
    return values


# ---------------------------------------------------------------------- food inspection

_DEFICIENCIES = (
    "ผู้สัมผัสอาหารไม่สวมหมวกคลุมผมและผ้ากันเปื้อน",
    "วางภาชนะใส่อาหารต่ำกว่าพื้น 60 เซนติเมตร",
    "ไม่มีที่ล้างมือพร้อมสบู่สำหรับผู้สัมผัสอาหาร",
    "ถังขยะไม่มีฝาปิด ไม่มีการคัดแยกขยะ",
    "ใช้ภาชนะโฟมบรรจุอาหาร",
    "ผลตรวจชุดทดสอบพบโคลิฟอร์มแบคทีเรียในภาชนะ",
)


def _food(rng: random.Random, district_code: str, seq: int | None) -> dict[str, Any]:
    kind, shop_type = _pick(rng, SHOP_KINDS)
    style = rng.randrange(3)
    if style == 0:
        shop_name = f"{kind}{_pick(rng, NICKNAMES)}"
    elif style == 1:
        shop_name = f"ร้าน{kind}{_pick(rng, ROADS)}"
    else:
        shop_name = f"{_pick(rng, ('ครัว', 'บ้าน', 'ร้าน'))}{_pick(rng, NICKNAMES)} {kind}"
    if rng.random() < 0.08:
        shop_type = _pick(rng, ("food_court", "canteen", "market"))
    sub = _pick(rng, _subdistricts(district_code))
    inspection = _date_in_window(rng)
    handlers = rng.randint(1, 25)
    if rng.random() < 0.8:
        trained = rng.randint(max(0, handlers - 3), handlers)
    else:
        trained = rng.randint(0, handlers)
    safety = rng.random() < 0.82
    green = rng.random() < (0.75 if safety else 0.35)
    if not safety:
        result = "fail" if rng.random() < 0.9 else "closed"
    else:
        result = _weighted(rng, (("pass", 6.0), ("pass_with_advice", 3.0), ("closed", 0.3)))
    values: dict[str, Any] = {
        "shop_name": shop_name,
        "shop_type": shop_type,
        "owner_name": person_name(rng),
        "address": _address(rng, seq + 1 if seq is not None else None),
        "subdistrict": sub.code,
        "inspection_date": inspection.isoformat(),
        "food_safety_pass": safety,
        "green_service_pass": green,
        "food_handlers": handlers,
        "trained_handlers": trained,
        "result": result,
    }
    if rng.random() < 0.7:
        values["license_no"] = f"{_be_year(inspection) - rng.randint(0, 5)}/{rng.randint(1, 999)}"
    if rng.random() < 0.8:
        values["owner_national_id"] = national_id(rng)
    if rng.random() < 0.85:
        values["owner_phone"] = phone(rng)
    if rng.random() < 0.5:
        values["location"] = _point(rng, district_code)
    if result == "fail":
        values["deficiencies"] = " ".join(rng.sample(_DEFICIENCIES, rng.randint(1, 3)))
    if result != "closed":
        gap = rng.randint(14, 45) if result == "fail" else rng.randint(90, 365)
        values["next_inspection_date"] = (inspection + dt.timedelta(days=gap)).isoformat()
    if rng.random() < 0.15:
        values["note"] = _pick(
            rng,
            (
                "เจ้าของร้านรับทราบและจะปรับปรุงภายในกำหนด",
                "ร้านเปิดใหม่ พนักงานยังไม่ได้รับการอบรม",
                "ตรวจร่วมกับศูนย์บริการสาธารณสุข",
            ),
        )
    return values


# ------------------------------------------------------------------------------- canal

_QUALITY_BY_GROUP: dict[str, tuple[tuple[str, float], ...]] = {
    "preserve": (("good", 6.0), ("fair", 3.0), ("poor", 0.5)),
    "maintain": (("good", 1.0), ("fair", 5.0), ("poor", 3.0), ("very_poor", 0.5)),
    "fix": (("fair", 1.0), ("poor", 5.0), ("very_poor", 4.0)),
}
_DO_RANGE = {"good": (4.0, 7.5), "fair": (2.0, 4.0), "poor": (1.0, 2.0), "very_poor": (0.0, 1.0)}


def _canal(rng: random.Random, district_code: str, seq: int | None) -> dict[str, Any]:
    if seq is None:
        name = _pick(rng, CANALS)
        if rng.random() < 0.15:
            name = f"{name} ช่วงที่ {rng.randint(1, 5)}"
    else:
        name = CANALS[seq % len(CANALS)]
        segment = seq // len(CANALS)
        if segment:
            name = f"{name} ช่วงที่ {segment + 1}"
    subs = _subdistricts(district_code)
    chosen = rng.sample(subs, rng.randint(1, min(3, len(subs))))
    group = _weighted(rng, (("preserve", 2.0), ("maintain", 5.0), ("fix", 3.0)))
    quality = _weighted(rng, _QUALITY_BY_GROUP[group])
    encroached = rng.random() < {"preserve": 0.1, "maintain": 0.35, "fix": 0.75}[group]
    main = rng.random() < 0.3
    values: dict[str, Any] = {
        "canal_name": name,
        "canal_class": "main" if main else "branch",
        "subdistricts": sorted(s.code for s in chosen),
        "length_m": _money(rng.uniform(300, 12_000) if main else rng.uniform(80, 3_500)),
        "width_m": _money(rng.uniform(12, 45) if main else rng.uniform(2, 12)),
        "canal_group": group,
        "water_quality": quality,
        "encroachment": encroached,
        "landscape_status": _weighted(
            rng, (("not_planned", 2.0), ("planned", 2.0), ("in_progress", 3.0), ("completed", 3.0))
        ),
        "last_survey_date": _date_in_window(rng).isoformat(),
    }
    if rng.random() < 0.6:
        low, high = _DO_RANGE[quality]
        values["dissolved_oxygen"] = f"{rng.uniform(low, high):.1f}"
    if encroached:
        values["encroaching_structures"] = rng.randint(1, 120)
    if rng.random() < 0.3:
        values["note"] = _pick(
            rng,
            (
                "มีผักตบชวาหนาแน่น ต้องจัดเก็บเป็นประจำ",
                "ชุมชนริมคลองร่วมดูแลทำความสะอาดทุกเดือน",
                "มีการระบายน้ำเสียจากบ้านเรือนลงคลองโดยตรง",
                "อยู่ระหว่างประสานสำนักการระบายน้ำเรื่องก่อสร้างเขื่อน",
            ),
        )
    return values


# -------------------------------------------------------------------------- black spot

_CAUSES = (
    "dangerous_curve_junction",
    "damaged_surface",
    "poor_lighting",
    "missing_signs",
    "u_turn",
    "obstructed_view",
    "unsafe_crossing",
    "speeding",
    "other",
)
_FIXES = (
    "lighting",
    "signs",
    "road_markings",
    "rumble_strips",
    "resurfacing",
    "barriers",
    "close_u_turn",
    "trim_trees",
    "traffic_lights",
)


def _black_spot(rng: random.Random, district_code: str, seq: int | None) -> dict[str, Any]:
    road = _pick(rng, ROADS)
    kind = rng.randrange(4)
    if kind == 0:
        location = f"แยก{_pick(rng, ROADS)} ถนน{road}"
    elif kind == 1:
        location = f"ปาก{_soi(rng, road)}"
    elif kind == 2:
        location = f"จุดกลับรถหน้า{_pick(rng, LANDMARKS)} ถนน{road}"
    else:
        location = f"ทางโค้งหน้า{_pick(rng, LANDMARKS)} ถนน{road}"
    if seq is not None:
        location = f"{location} จุดที่ {seq + 1}"
    fy = _pick(rng, FISCAL_YEARS)
    start, end = _fy_range(fy)
    accidents = rng.randint(3, 40)
    injuries = rng.randint(accidents // 2, accidents * 2)
    values: dict[str, Any] = {
        "location_name": location,
        "road": f"ถนน{road}",
        "subdistrict": _pick(rng, _subdistricts(district_code)).code,
        "location": _point(rng, district_code),
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "accidents": accidents,
        "injuries": injuries,
        "deaths": rng.choices((0, 1, 2, 3), weights=(70, 20, 7, 3))[0],
        "causes": _some(rng, _CAUSES, 3),
        "fix_status": _weighted(rng, (("not_fixed", 2.0), ("in_progress", 3.0), ("fixed", 5.0))),
    }
    if "other" in values["causes"]:
        values["cause_detail"] = "รถจักรยานยนต์ย้อนศรเป็นประจำ"
    if values["fix_status"] != "not_fixed":
        values["fix_measures"] = _some(rng, _FIXES, 3)
        values["fix_detail"] = "ดำเนินการร่วมกับสำนักการจราจรและขนส่งและสถานีตำรวจนครบาลในพื้นที่"
    if values["fix_status"] == "fixed":
        values["fix_date"] = _date_between(rng, start + dt.timedelta(days=30), end).isoformat()
        repeat = rng.random() < 0.25
        values["repeat_accident"] = repeat
        if repeat:
            values["repeat_accidents"] = rng.randint(1, 6)
    return values


# ------------------------------------------------------------------------ street vendor

_GOODS = (
    ("cooked_food", 5.0),
    ("fresh_food", 2.0),
    ("beverages", 2.0),
    ("snacks", 2.0),
    ("clothing", 1.0),
    ("general_goods", 1.0),
    ("lottery", 1.0),
    ("services", 0.5),
    ("other", 0.3),
)
_HOURS = (
    "05.00-09.00",
    "06.00-10.00",
    "10.00-14.00",
    "11.00-15.00",
    "16.00-22.00",
    "17.00-21.00",
    "18.00-24.00",
)


def _vendor(rng: random.Random, district_code: str, seq: int | None) -> dict[str, Any]:
    issue = _date_in_window(rng)
    # A card is valid for one year: up to the day before the same date next year.
    expiry = dt.date(issue.year + 1, issue.month, min(issue.day, 28)) + dt.timedelta(
        days=max(0, issue.day - 28) - 1
    )
    serial = seq + 1 if seq is not None else rng.randint(1, 999_999)
    status = _weighted(rng, (("active", 85.0), ("suspended", 8.0), ("cancelled", 7.0)))
    landmark = _pick(rng, LANDMARKS)
    values: dict[str, Any] = {
        "vendor_card_no": f"{district_code}/{_be_year(issue)}/{serial}",
        "vendor_name": person_name(rng),
        "national_id": national_id(rng),
        "vending_point": (
            f"หน้า{landmark} {_road(rng)}" if rng.random() < 0.6 else f"ปาก{_soi(rng)}"
        ),
        "subdistrict": _pick(rng, _subdistricts(district_code)).code,
        "goods_type": _weighted(rng, _GOODS),
        "permit_issue_date": issue.isoformat(),
        "permit_expiry_date": expiry.isoformat(),
        "status": status,
    }
    if rng.random() < 0.9:
        values["phone"] = phone(rng)
    if rng.random() < 0.8:
        values["trading_hours"] = _pick(rng, _HOURS)
    if status == "suspended":
        values["status_reason"] = _pick(rng, ("ตั้งวางสินค้าเกินแนวที่กำหนด", "ไม่ทำความสะอาดพื้นที่หลังเลิกค้า"))
    elif status == "cancelled":
        values["status_reason"] = _pick(rng, ("ผู้ค้าขอยกเลิกเอง", "จุดผ่อนผันถูกยกเลิก", "ให้ผู้อื่นทำการค้าแทน"))
    return values


# ---------------------------------------------------------------------------- complaint

_COMPLAINTS: dict[str, tuple[str, ...]] = {
    "roads_footpaths": ("ผิวถนนชำรุดเป็นหลุมบ่อ เสี่ยงเกิดอุบัติเหตุ", "ทางเท้าแตกร้าว กระเบื้องหลุด เดินลำบาก"),
    "drainage_flooding": ("ท่อระบายน้ำอุดตัน น้ำท่วมขังหลังฝนตก", "ฝาท่อระบายน้ำชำรุด เปิดค้างไว้ อันตราย"),
    "garbage": ("มีขยะตกค้างไม่มีการจัดเก็บหลายวัน ส่งกลิ่นเหม็น", "มีการลักลอบทิ้งขยะชิ้นใหญ่บนทางเท้า"),
    "noise": ("เสียงดังจากการก่อสร้างในเวลากลางคืน", "ร้านอาหารเปิดเพลงเสียงดังเกินเวลา"),
    "street_vendors": ("หาบเร่แผงลอยตั้งวางสินค้ากีดขวางทางเท้า", "รถเข็นขายอาหารจอดขายนอกจุดผ่อนผัน"),
    "encroachment": ("มีการต่อเติมอาคารรุกล้ำที่สาธารณะ", "วางของรุกล้ำคลองสาธารณะ"),
    "lighting": ("ไฟฟ้าส่องสว่างดับหลายดวง มืดเปลี่ยว", "เสาไฟฟ้าเอียง เสี่ยงล้ม"),
    "trees": ("กิ่งไม้ยื่นออกมาบังป้ายจราจร", "ต้นไม้ใหญ่โน้มเอียง เสี่ยงล้มทับบ้านเรือน"),
    "other": ("สุนัขจรจัดจำนวนมากไล่กัดคนเดินผ่าน", "ป้ายโฆษณาติดตั้งบนทางเท้าโดยไม่ได้รับอนุญาต"),
}
_FORWARD_TO = (
    "สำนักการระบายน้ำ",
    "การไฟฟ้านครหลวง",
    "สำนักการจราจรและขนส่ง",
    "สถานีตำรวจนครบาลในพื้นที่",
    "การประปานครหลวง",
    "สำนักการโยธา",
)
_ID_CHARS = string.ascii_uppercase + string.digits


_BASE36 = string.digits + string.ascii_uppercase


def _base36(n: int, width: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = _BASE36[r] + out
    return out.rjust(width, "0")


def _ticket(rng: random.Random, channel: str, received: dt.date, seq: int | None) -> str:
    if channel == "traffy_fondue":
        tail = (
            _base36(seq, 6) if seq is not None else "".join(rng.choice(_ID_CHARS) for _ in range(6))
        )
        return f"{received.year}-{tail}"
    number = seq + 1 if seq is not None else rng.randint(1, 999_999)
    if channel == "hotline_1555":
        return f"{_be_year(received) % 100:02d}{received.month:02d}{number:06d}"
    if channel in ("walk_in", "letter", "other"):
        return f"{number}/{_be_year(received)}"
    prefix = {"website": "WEB", "social_media": "SM"}[channel]
    return f"{prefix}-{_be_year(received)}-{number:06d}"


def _complaint(rng: random.Random, district_code: str, seq: int | None) -> dict[str, Any]:
    channel = _weighted(
        rng,
        (
            ("traffy_fondue", 55.0),
            ("hotline_1555", 15.0),
            ("walk_in", 8.0),
            ("letter", 5.0),
            ("website", 5.0),
            ("social_media", 10.0),
            ("other", 2.0),
        ),
    )
    kind = _weighted(
        rng,
        (
            ("roads_footpaths", 4.0),
            ("drainage_flooding", 4.0),
            ("garbage", 3.0),
            ("noise", 2.0),
            ("street_vendors", 2.0),
            ("encroachment", 1.0),
            ("lighting", 2.0),
            ("trees", 1.5),
            ("other", 1.0),
        ),
    )
    received = _date_in_window(rng)
    place = _place(rng)
    status = _weighted(
        rng,
        (
            ("received", 1.0),
            ("in_progress", 2.0),
            ("forwarded", 1.0),
            ("closed", 6.0),
            ("rejected", 0.5),
        ),
    )
    values: dict[str, Any] = {
        "channel": channel,
        "ticket_id": _ticket(rng, channel, received, seq),
        "complaint_type": kind,
        "description": f"{_pick(rng, _COMPLAINTS[kind])} บริเวณ{place}",
        "location_detail": place,
        "subdistrict": _pick(rng, _subdistricts(district_code)).code,
        "received_date": received.isoformat(),
        "status": status,
    }
    if channel == "traffy_fondue" or rng.random() < 0.3:
        values["location"] = _point(rng, district_code)
    if channel != "traffy_fondue" and rng.random() < 0.75:
        values["complainant_name"] = person_name(rng)
    if rng.random() < 0.6:
        values["complainant_phone"] = phone(rng)
    if status == "forwarded":
        values["forwarded_to"] = _pick(rng, _FORWARD_TO)
    elif status == "rejected":
        values["reject_reason"] = _pick(
            rng, ("ซ้ำกับเรื่องที่รับไว้แล้ว", "ไม่อยู่ในอำนาจหน้าที่ของสำนักงานเขต", "ข้อมูลไม่เพียงพอ ติดต่อผู้ร้องไม่ได้")
        )
    elif status == "closed":
        days = min(int(rng.expovariate(1 / 7)), 90)
        closed = min(received + dt.timedelta(days=days), WINDOW_END)
        values["closed_date"] = closed.isoformat()
    if status in ("in_progress", "closed", "forwarded"):
        values["action_taken"] = _pick(
            rng,
            (
                "ส่งเจ้าหน้าที่ลงพื้นที่ตรวจสอบและแก้ไขแล้ว",
                "ประสานฝ่ายโยธาดำเนินการซ่อมแซม",
                "เจ้าหน้าที่เทศกิจตักเตือนและจัดระเบียบแล้ว",
                "ฝ่ายรักษาความสะอาดฯ จัดเก็บเรียบร้อย",
            ),
        )
    return values


# ------------------------------------------------------------------------------- public

_GENERATORS: dict[str, Callable[[random.Random, str, int | None], dict[str, Any]]] = {
    "kpi_report": _kpi,
    "budget_disbursement": _budget,
    "food_inspection": _food,
    "canal": _canal,
    "black_spot": _black_spot,
    "street_vendor": _vendor,
    "complaint": _complaint,
}

SAMPLE_DATASETS: tuple[str, ...] = tuple(_GENERATORS)


def sample_values(
    definition_id: str,
    rng: random.Random,
    district_code: str,
    *,
    seq: int | None = None,
) -> dict[str, Any]:
    """Values of one realistic record of ``definition_id`` for district ``district_code``.

    The values validate against the shipped definition with that district. ``seq``, when
    given, makes the record's unique key distinct from that of every other ``seq`` in the
    same district (for loading many records); without it keys are random and may repeat.
    Raises ValueError for an unknown data set or district.
    """
    try:
        generate = _GENERATORS[definition_id]
    except KeyError:
        raise ValueError(f"no sample generator for data set '{definition_id}'") from None
    if seq is not None and seq < 0:
        raise ValueError("seq must not be negative")
    _subdistricts(district_code)  # refuses an unknown district up front
    return generate(rng, district_code, seq)
