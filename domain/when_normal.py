"""Typed words brought to one plain form before they are read: lower case, no punctuation,
shorthand and Afrikaans in full English, typos mended, numbers in digits and spoken times as
"h:mm" ("half three" is 3:30, "half drie" 2:30, "twenty after 3pm" 3:20 pm)."""

from __future__ import annotations

import re
import unicodedata

from domain.when_words import (
    AFRIKAANS_HOURS,
    KNOWN_WORDS,
    ORDINAL_TEENS,
    ORDINAL_TENS,
    ORDINAL_UNITS,
    SAME_AS,
    TEENS,
    TENS,
    UNITS,
)


def _numbers() -> tuple[dict[str, int], dict[str, int]]:
    cardinals = {word: n for n, word in enumerate((*UNITS, *TEENS), start=1)}
    ordinals = {word: n for n, word in enumerate((*ORDINAL_UNITS, *ORDINAL_TEENS), start=1)}
    ordinals |= ORDINAL_TENS
    for tens_word, tens in TENS.items():
        cardinals[tens_word] = tens
        for n, unit in enumerate(UNITS, start=1):
            for joint in (" ", "-"):
                cardinals[f"{tens_word}{joint}{unit}"] = tens + n
                if tens < 40:
                    ordinals[f"{tens_word}{joint}{ORDINAL_UNITS[n - 1]}"] = tens + n
    return cardinals, ordinals


CARDINALS, ORDINALS = _numbers()
_KWART = {"oor": "past", "voor": "to"}
_SUFFIX = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}


def _alternatives(words: dict[str, int]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_CARDINAL = rf"(?:{_alternatives(CARDINALS)})"
_ORDINAL = rf"(?:{_alternatives(ORDINALS)})"
_HOUR_WORD = rf"(?:{'|'.join((*UNITS, 'ten', 'eleven', 'twelve'))})"
_HOUR = r"(\d{1,2}|noon)"
_MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_DAY_WORD = r"(?:today|tomorrow|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)"
_MINUTES = rf"(a quarter|quarter|half|\d{{1,2}}|{_CARDINAL})(?: minutes)?"


def normalize(text: str) -> str:
    words = text.lower().replace("’", "'").replace("`", "'")
    words = re.sub(r"oorm[oô]re", " overmorrow ", words)
    words = re.sub(r"môre-?", " tomorrow ", words)
    words = re.sub(r"(?<=[a-z])(?<!van)-?(oggend|middag|aand)\b", r" \1", words)  # "vrydagoggend"
    words = re.sub(r"\bkwart (oor|voor)\b", lambda m: f"quarter {_KWART[m[1]]}", words)
    words = re.sub(r"'(\d\d)\b", r"20\1", words)  # "Nov '26"
    words = "".join(c for c in unicodedata.normalize("NFKD", words) if not unicodedata.combining(c))
    words = re.sub(r"(?<![a-z])([ap])\.\s?m(?![a-z])\.?", r" \1m", words)
    words = re.sub(r"o'?\s?clock", " oclock", words)
    words = re.sub(r"\b(20\d\d-\d\d-\d\d)t(?=\d)", r"\1 ", words)  # ISO 8601
    words = re.sub(r"\b(\d{1,2}:\d\d):\d\d\b", r"\1", words)  # seconds
    words = re.sub(r"'s\b|'", "", words)
    words = re.sub(r"[,!?;()\"*~]|\.{2,}|\.(?=\s|$)|(?<=\s)-+(?=\s)|^-+", " ", words)
    words = words.replace("@", " at ").replace("&", " and ").replace("+", " plus ")
    words = re.sub(r"-?\bish\b|(?<=[a-z\d])-?ish\b", " about", words)
    words = re.sub(rf"\bhalf ({'|'.join(AFRIKAANS_HOURS)})\b", _afrikaans_half, words)
    words = " ".join(_mended(word) for word in words.split())
    words = re.sub(r"(\d)\s*(am|pm|noon)\b", r"\1 \2", words)
    words = re.sub(r"(\d:\d\d|\b\d{3,4})\s*h(?:rs?)?\b", r"\1", words)  # "10:30hrs", "1030h"
    # "fri pm", "tomorrow am": the part of the day; "am" alone is a verb ("I am free")
    words = re.sub(rf"\b({_DAY_WORD}) (am|pm)\b", _part_of_day, words)
    words = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)?(?=[a-z]{3,})(?!st|nd|rd|th)", r"\1 ", words)
    return _spoken_times(_number_words(words))


def _part_of_day(match: re.Match[str]) -> str:
    return f"{match[1]} {'morning' if match[2] == 'am' else 'afternoon'}"


def _mended(word: str) -> str:
    """A word in the form the reader knows: shorthand spelt out, a typo of a known word
    mended."""
    if word in SAME_AS:
        return SAME_AS[word]
    if len(word) < 5 or not word.isalpha() or word in KNOWN_WORDS or word in CARDINALS:
        return word
    close = {known for known in KNOWN_WORDS if _one_slip(_single(word), _single(known))}
    return close.pop() if len(close) == 1 else word


def _single(word: str) -> str:
    """Doubled letters as one: "tommorow" and "tomorrow" are both "tomorow"."""
    return re.sub(r"(.)\1+", r"\1", word)


def _one_slip(typed: str, known: str) -> bool:
    """One letter wrong, missing, extra, or two side by side swapped (or none)."""
    if typed == known:
        return True
    if abs(len(typed) - len(known)) > 1 or len(known) < 5:
        return False
    start = 0
    while start < min(len(typed), len(known)) and typed[start] == known[start]:
        start += 1
    a, b = typed[start:], known[start:]
    return a[1:] == b[1:] or a[1:] == b or a == b[1:] or (a[:2] == b[1::-1] and a[2:] == b[2:])


def _number_words(words: str) -> str:
    words = re.sub(r"\bfirst thing\b", "early morning", words)
    # An ordinal is a date only beside one: "the first", "March first", "first of May", "first
    # Tuesday of"; not "the first time", "first available", "give me a second".
    after = rf"\b(the |{_MONTH_WORD} )({_ORDINAL})\b(?! (?:time|one|slot|available)\b)"
    words = re.sub(after, lambda m: m[1] + _ordinal(ORDINALS[m[2]]), words)
    before = rf"\b({_ORDINAL})(?= of\b| {_MONTH_WORD}\b| {_DAY_WORD}\b)"
    words = re.sub(before, lambda m: _ordinal(ORDINALS[m[1]]), words)
    words = re.sub(rf"\bhalf ({_HOUR_WORD}|\d{{1,2}})\b(?! past)", r"\1:30", words)
    words = re.sub(rf"\b({_HOUR_WORD}) (?:o|oh) ({'|'.join(UNITS)})\b", _word_clock, words)
    words = re.sub(rf"\b({_HOUR_WORD}) ({_CARDINAL})\b", _word_clock, words)
    words = re.sub(rf"\b({_CARDINAL}) to ({_HOUR_WORD})\b", _word_to, words)
    words = re.sub(r"\b(an?|one) hour and a half\b", "90 minutes", words)
    words = re.sub(r"\b(?:half an|a half) hour\b", "30 minutes", words)
    return re.sub(rf"\b({_CARDINAL})\b", lambda m: str(CARDINALS[m[1]]), words)


def _ordinal(n: int) -> str:
    return f"{n}{_SUFFIX.get(n, 'th')}"


def _afrikaans_half(match: re.Match[str]) -> str:
    hour = AFRIKAANS_HOURS.index(match[1]) + 1  # "half drie": half an hour before three
    return f"{(hour - 2) % 12 + 1}:30"


def _word_clock(match: re.Match[str]) -> str:
    """ "ten thirty" -> 10:30, "nine o five" -> 9:05."""
    minutes = CARDINALS[match[2]]
    if minutes < 10 and " o " not in match[0] and " oh " not in match[0]:
        return match[0]
    return f"{CARDINALS[match[1]]}:{minutes:02d}"


def _word_to(match: re.Match[str]) -> str:
    minutes, hour = CARDINALS[match[1]], CARDINALS[match[2]]
    if minutes not in (5, 10, 20, 25):
        return match[0]
    return f"{(hour - 2) % 12 + 1}:{60 - minutes:02d}"


def _spoken_times(words: str) -> str:
    """ "quarter past 3 pm" -> "3:15 pm"; "20 to noon" -> "11:40 am"; "330 pm" -> "3:30 pm"."""
    words = re.sub(rf"\b{_MINUTES} (past|after) {_HOUR}\b", _past_or_to, words)
    # "10 to 4" may be a range: minutes to an hour only when said so ("10 minutes to 4 pm").
    to_said = r"(\d{1,2}) minutes (to|of|before) (noon|\d{1,2}(?=\s*[ap]m\b))"
    words = re.sub(rf"\b{to_said}", _past_or_to, words)
    words = re.sub(rf"\b(a quarter|quarter) (to|of) {_HOUR}\b", _past_or_to, words)
    words = re.sub(r"\b12 noon\b", "noon", words)
    return re.sub(r"\b(?:(?<=at )|(?=\d{3,4} [ap]m))(\d{1,2})([0-5]\d)\b", r"\1:\2", words)


def _past_or_to(match: re.Match[str]) -> str:
    said, way, hour_said = match[1], match[2], match[3]
    minutes = {"a quarter": 15, "quarter": 15, "half": 30}.get(said)
    if minutes is None:
        minutes = int(said) if said.isdigit() else CARDINALS[said]
    hour = 12 if hour_said == "noon" else int(hour_said)
    after = way in ("past", "after")
    if not (1 <= minutes < 60 and 0 <= hour <= 23) or (not after and minutes == 30):
        return match[0]
    if not after:
        hour, minutes = (hour - 1) % 24, 60 - minutes
        if hour == 0 and hour_said != "noon":
            hour = 12
    suffix = (" pm" if after else " am") if hour_said == "noon" else ""
    return f"{hour}:{minutes:02d}{suffix}"


def cut(words: str, match: re.Match[str]) -> str:
    """The words without the match: what is on either side now side by side."""
    return " ".join((words[: match.start()] + " " + words[match.end() :]).split()).join("  ")
