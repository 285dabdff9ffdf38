"""The words and patterns of dates and times as South Africans type them, in English and in
Afrikaans."""

from __future__ import annotations

import re
from datetime import time

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LATE = time.max  # the end of a range that runs to the end of the day
PARTS_OF_DAY = {
    "morning": (time(8), time(12)),
    "lunchtime": (time(12), time(14)),
    "afternoon": (time(12), time(17)),
    "evening": (time(17), time(21)),
    "tonight": (time(17), time(21)),
}
# Parts of the day in other words; each is a range of start times.
SPANS = {
    r"early (?:in the )?morning|first thing(?: in the morning)?": (time(8), time(10)),
    r"(?:late|mid) ?morning": (time(10), time(12)),
    r"early (?:in the )?afternoon": (time(12), time(15)),
    r"(?:late|mid) ?afternoon": (time(15), time(17)),
    r"early (?:in the )?evening": (time(17), time(19)),
    r"before lunch(?:time)?": PARTS_OF_DAY["morning"],
    r"after lunch(?:time)?": (time(13), time(17)),
    r"after work": PARTS_OF_DAY["evening"],
    r"(?:at |around |over )?lunch(?:time)?": PARTS_OF_DAY["lunchtime"],
    r"(?:by |at )?(?:the )?end of (?:the )?(?:work ?)?day|close of business": (time(15), time(17)),
    r"(?:in the )?mornings?": PARTS_OF_DAY["morning"],
    r"(?:in the )?afternoons?": PARTS_OF_DAY["afternoon"],
    r"(?:in the )?evenings?|(?:at )?night": PARTS_OF_DAY["evening"],
    r"tonight": PARTS_OF_DAY["tonight"],
}

UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEENS = (
    "ten", "eleven", "twelve", "thirteen", "fourteen",
    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50}
ORDINAL_UNITS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
)
ORDINAL_TEENS = (
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
    "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
)  # fmt: skip
ORDINAL_TENS = {"twentieth": 20, "thirtieth": 30}
AFRIKAANS_HOURS = (
    "een", "twee", "drie", "vier", "vyf", "ses", "sewe", "agt", "nege", "tien", "elf", "twaalf",
)  # fmt: skip

# Shorthand, slang, common misspellings and Afrikaans, to the words the reader knows.
SAME_AS = {
    "tmrw": "tomorrow", "tmr": "tomorrow", "tmw": "tomorrow", "tmrow": "tomorrow",
    "tomoz": "tomorrow", "tomo": "tomorrow", "2moro": "tomorrow", "2morrow": "tomorrow",
    "2mrw": "tomorrow", "2morow": "tomorrow", "tomm": "tomorrow",
    "2day": "today", "tdy": "today", "2nite": "tonight", "tonite": "tonight", "2night": "tonight",
    "nxt": "next", "wk": "week", "wks": "weeks", "hr": "hour", "hrs": "hours",
    "min": "minutes", "mins": "minutes", "minute": "minutes", "morn": "morning",
    "arvo": "afternoon", "aftn": "afternoon", "eve": "evening",
    "b4": "before", "bfr": "before", "btwn": "between", "btw": "between", "til": "until",
    "till": "until", "untill": "until", "abt": "about", "approx": "about", "ard": "around",
    "roughly": "about", "approximately": "about", "round": "around", "thru": "through",
    "midday": "noon", "mid-day": "noon", "fortnite": "fortnight", "u": "you", "pls": "please",
    "plz": "please", "thx": "thanks", "ok": "okay", "k": "okay",
    # Afrikaans
    "vandag": "today", "vanaand": "tonight",
    "vanmiddag": "this afternoon", "vanoggend": "this morning", "oggend": "morning",
    "oggende": "morning", "soggens": "morning", "middag": "afternoon", "smiddags": "afternoon",
    "aand": "evening", "saans": "evening", "nag": "night", "volgende": "next", "hierdie": "this",
    "om": "at", "uur": "oclock", "voor": "before", "na": "after", "tussen": "between",
    "en": "and", "tot": "until", "oor": "in", "dag": "day", "dae": "days", "weke": "weeks",
    "asseblief": "please", "maandag": "monday", "dinsdag": "tuesday", "woensdag": "wednesday",
    "donderdag": "thursday", "vrydag": "friday", "saterdag": "saturday", "sondag": "sunday",
    "januarie": "january", "februarie": "february", "maart": "march", "mei": "may",
    "junie": "june", "julie": "july", "augustus": "august", "oktober": "october",
    "desember": "december", "middernag": "midnight", "middagete": "lunch", "een": "one",
    "twee": "two", "drie": "three", "vier": "four", "vyf": "five", "ses": "six",
    "sewe": "seven", "agt": "eight", "nege": "nine", "tien": "ten", "elf": "eleven",
    "twaalf": "twelve", "des": "dec", "okt": "oct", "enige": "any", "tyd": "time", "n": "a",
}  # fmt: skip
# Full words a typo is matched against (one letter wrong, missing, extra or swapped).
KNOWN_WORDS = (
    *(name.lower() for name in WEEKDAY_NAMES), *(name.lower() for name in MONTH_NAMES),
    "tomorrow", "today", "tonight", "morning", "afternoon", "evening", "between", "before",
    "after", "around", "about", "oclock", "quarter", "half", "past", "please", "thanks",
    "fortnight", "midnight", "minutes", "hours", "weekend", "lunchtime",
)  # fmt: skip
# Words that say nothing about when: chat around the date and time.
FILLER = frozenset(
    {
        "at", "on", "the", "for", "in", "of", "a", "an", "and", "or", "is", "it", "its", "that",
        "this", "okay", "fine", "good", "great", "perfect", "please", "thanks", "thank", "you",
        "we", "i", "me", "my", "us", "our", "can", "could", "would", "will", "do", "does", "be",
        "works", "work", "suit", "suits", "best", "like", "want", "wanted", "prefer",
        "preferably", "book", "booking", "appointment", "slot", "visit", "session", "come", "over",
        "out", "here", "there", "hi", "hello", "hey", "yes", "yeah", "yep", "sure", "so", "then",
        "if", "what",
        "how", "about", "free", "available", "any", "time", "day", "to", "with", "also", "just",
        "only", "pop", "anytime", "whenever", "sometime", "possible", "let", "say", "oclock",
        "sharp", "im", "ill", "id", "ive", "were", "are", "am", "chance", "ideal",
        "ideally", "ok", "sast", "local", "around",
    }
)  # fmt: skip

# Whole words only: "month" is no Monday, "sat" in "saturday" is. "May" is a month unless a
# verb follows it ("2 may work").
MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?"
    r"|may(?!\s+(?:work|be|suit|do|not|also|i|we|you)\b)"
    r"|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
WEEKDAY = (
    r"(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)s?\b"
)
ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
YEAR = r"(?:\s+(20\d\d))?"
AMPM = r"(am|pm)"
COUNT = r"(\d{1,3}|a|an|one)"

_DOT = r"\.(?=(?:00|15|30|45)\b)"

DATE_FORMS = [
    ("iso", re.compile(r"\b(20\d\d)[-/.](\d{1,2})[-/.](\d{1,2})\b")),
    ("day_month", re.compile(rf"\b(?:the\s+)?{ORDINAL}\s+(?:of\s+)?{MONTH}{YEAR}")),
    ("month_day", re.compile(rf"\b{MONTH}\s+(?:the\s+)?{ORDINAL}\b{YEAR}")),
    ("numeric", re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2}|20\d\d))?\b")),
    ("numeric", re.compile(r"\b(\d{1,2})-(\d{1,2})-(\d{2}|20\d\d)\b")),
    ("dotted", re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{2}|20\d\d)\b")),
]
TIME_FORMS = [
    # "16.12" may be a date: with a dot, only the quarter hours are times ("9.30").
    ("hm", re.compile(rf"\b(\d{{1,2}})\s*(?:[:h]\s*|{_DOT})(\d{{2}})(?:\s*{AMPM})?(?![\d.])")),
    ("h_ampm", re.compile(rf"\b(\d{{1,2}})\s*{AMPM}\b")),
    ("h_oclock", re.compile(r"\b(\d{1,2})\s*oclock\b")),
    ("h_suffix", re.compile(r"\b(\d{1,2})h\b")),
    ("hhmm", re.compile(r"\b([01]\d|2[1-3])(00|15|30|45)\b")),  # not 20xx: a year
    ("at_h", re.compile(r"(?:\bat|\baround|\babout)\s+(\d{1,2})\b(?!\s+(?:of|days?|weeks?)\b)")),
    ("h_about", re.compile(r"\b(\d{1,2})\s+about\b")),
    ("noon", re.compile(r"\b(noon|midnight)\b")),
]
