"""The words and patterns of dates and times as South Africans type them."""

from __future__ import annotations

import re
from datetime import time

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PARTS_OF_DAY = {
    "morning": (time(8), time(12)),
    "lunchtime": (time(12), time(14)),
    "afternoon": (time(12), time(17)),
    "evening": (time(17), time(21)),
    "tonight": (time(17), time(21)),
}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

# Whole words only: "month" is no Monday, "sat" in "saturday" is. "May" is a month unless a
# verb follows it ("2 may work").
MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?"
    r"|may(?!\s+(?:work|be|suit|do|not|also|i|we|you)\b)"
    r"|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\b"
)
WEEKDAY = (
    r"(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b"
)
ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
YEAR = r"(?:,?\s+(20\d\d))?"
HOUR = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
AMPM = r"(am|pm|a\.m\.|p\.m\.)"

DATE_FORMS = [
    ("iso", re.compile(r"\b(20\d\d)-(\d{1,2})-(\d{1,2})\b")),
    ("day_month", re.compile(rf"\b{ORDINAL}\s+(?:of\s+)?{MONTH}{YEAR}")),
    ("month_day", re.compile(rf"\b{MONTH}\s+{ORDINAL}\b{YEAR}")),
    ("numeric", re.compile(r"\b(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2}|20\d\d))?\b")),
    ("nth", re.compile(r"\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b")),
]
TIME_FORMS = [
    ("hm", re.compile(rf"\b(\d{{1,2}})\s*[:h.]\s*(\d{{2}})\s*{AMPM}?(?!\d)")),
    ("h_ampm", re.compile(rf"\b{HOUR}\s*{AMPM}")),
    ("h_oclock", re.compile(rf"\b{HOUR}\s*(?:o'?clock)")),
    ("past", re.compile(rf"\b(half|quarter)\s+past\s+{HOUR}\b")),
    ("to", re.compile(rf"\bquarter\s+to\s+{HOUR}\b")),
    ("h_suffix", re.compile(r"\b(\d{1,2})h\b")),
    ("hhmm", re.compile(r"\b([01]\d|2[0-3])([0-5]\d)\b")),
    ("at_h", re.compile(rf"(?:\bat|@|\baround|\babout)\s*{HOUR}\b(?!\s+of\b)")),
    ("noon", re.compile(r"\b(noon|midday|midnight)\b")),
]
