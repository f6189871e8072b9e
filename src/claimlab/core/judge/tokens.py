"""A learner's text as tokens the judge can reason about: words in lower case with contractions opened
("couldnt" -> could not), numbers with their value ("9,300", "9.300", "26k", "twenty-six thousand"),
punctuation, sentence numbers, and whether a word stands inside quotation marks.

Every token keeps the span of the learner's own text it came from, so feedback can quote what the
learner wrote. Written here rather than taken from an NLP library (spaCy, NLTK): those need models
and megabytes that a learner's kernel, and the in-browser edition, cannot carry, and the judge needs
only these few things done the same way everywhere.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Token", "tokenize", "MONTHS", "NUMBER_WORDS"]

MONTHS = ("jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july",
          "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december")
UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
NUMBER_WORDS = {**UNITS, **TENS, **SCALES}
# contractions written with or without the apostrophe: the word, then "not"
CONTRACTIONS = {"cant": "can", "cannot": "can", "couldnt": "could", "wouldnt": "would", "shouldnt": "should",
                "hasnt": "has", "havent": "have", "hadnt": "had", "wasnt": "was", "werent": "were", "isnt": "is",
                "arent": "are", "didnt": "did", "doesnt": "does", "dont": "do", "wont": "will", "aint": "is",
                "mustnt": "must", "neednt": "need"}
QUOTES = '"“”«»„'
SENTENCE_END = ".!?;"
# a full stop after these is part of an abbreviation ("Oct. 25", "500 sq. mi."), not the end of a sentence
ABBREVIATIONS = {"sq", "mi", "km", "approx", "est", "no", "vs", "mr", "mrs", "ms", "dr", "gen", "col", "lt", "st",
                 "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u", "s",
                 "e", "g", "i", "etc", "govt", "min", "max"}

_TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?![\d])(?:\s?[kK]\b)?|\d+(?:[.,]\d+)?(?:\s?[kK]\b)?)"
    r"|(?P<word>[a-z]+(?:['’-][a-z]+)*)"
    r"|(?P<punct>[^\sa-z0-9])", re.IGNORECASE)


@dataclass
class Token:
    """One token: ``text`` (lower case, normalised), ``kind`` ("word", "number", "punct"), ``value`` for numbers,
    ``start``/``end`` in the learner's text, the ``sentence`` it is in, and whether it is ``quoted``."""

    text: str
    kind: str
    start: int
    end: int
    value: float | None = None
    sentence: int = 0
    quoted: bool = False
    index: int = 0

    @property
    def is_word(self) -> bool:
        return self.kind == "word"


def _clean(text: str) -> str:
    text = re.sub(r"(?i)\bno1\b", "no one", text)  # text-speak
    text = re.sub(r"(?i)\b(km|mi)\s?(²|\^2|2)(?![\d])", lambda m: " square kilometres" if m.group(1).lower() == "km"
                  else " square miles", text)
    text = unicodedata.normalize("NFKC", text)
    return (text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
            .replace("\u00a0", " ").replace("\u202f", " "))


def _digits_value(raw: str) -> float | None:
    """'9,300' 9300; '9.300' 9300 (European thousands); '9.3' 9.3; '26k' 26000; '17 819' 17819."""
    text = raw.strip()
    scale = 1
    if text[-1:] in "kK":
        scale, text = 1000, text[:-1].strip()
    if re.fullmatch(r"\d{1,3}(?:[,. ]\d{3})+", text):
        return float(re.sub(r"[,. ]", "", text)) * scale
    if re.fullmatch(r"\d+[.,]\d+", text):
        return float(text.replace(",", ".")) * scale
    if text.isdigit():
        return float(text) * scale
    return None


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text`` (see :class:`Token`); number words are joined into one number token."""
    clean = _clean(str(text))
    raw: list[Token] = []
    quoted = False
    sentence = 0
    for match in _TOKEN.finditer(clean):
        piece, start, end = match.group(0), match.start(), match.end()
        if match.group("num"):
            raw.append(Token(piece.lower(), "number", start, end, _digits_value(piece), sentence, quoted))
        elif match.group("word"):
            word = piece.lower().replace("’", "'")
            base = word.replace("'", "")
            if base.endswith("nt") and base in CONTRACTIONS:
                raw += [Token(CONTRACTIONS[base], "word", start, end, None, sentence, quoted),
                        Token("not", "word", start, end, None, sentence, quoted)]
            elif word.endswith("n't") and word[:-3].replace("'", "") + "nt" in CONTRACTIONS:
                raw += [Token(CONTRACTIONS[word[:-3].replace("'", "") + "nt"], "word", start, end, None, sentence,
                              quoted), Token("not", "word", start, end, None, sentence, quoted)]
            elif base == "cannot":
                raw += [Token("can", "word", start, end, None, sentence, quoted),
                        Token("not", "word", start, end, None, sentence, quoted)]
            else:  # "commander-in-chief" -> commander in chief; "twenty-six" -> twenty six (joined below)
                raw += [Token(part, "word", start, end, None, sentence, quoted) for part in word.split("-") if part]
        else:
            if piece in QUOTES:
                quoted = not quoted if piece == '"' else piece in "“«„"
                continue
            if piece == "'":  # a single quotation mark (apostrophes inside words belong to the word)
                opening = start == 0 or clean[start - 1].isspace() or clean[start - 1] in "([{"
                if opening or quoted:
                    quoted = opening
                    continue
            if piece == "." and raw and raw[-1].kind == "word" and raw[-1].text in ABBREVIATIONS and \
                    end < len(clean) and clean[end:end + 1] == " " and end + 1 < len(clean) and \
                    not clean[end + 1].isupper():
                continue  # "sq. mi.", "Oct. 25": an abbreviation's full stop
            raw.append(Token(piece, "punct", start, end, None, sentence, quoted))
            if piece in SENTENCE_END or piece == "\n":
                sentence += 1
    # a new line also ends a sentence
    return _join_number_words(_mark_lines(raw, clean))


def _mark_lines(tokens: list[Token], text: str) -> list[Token]:
    sentence = 0
    out = []
    previous_end = 0
    for token in tokens:
        if "\n" in text[previous_end:token.start]:
            sentence += 1
        token.sentence = sentence
        if token.kind == "punct" and token.text in SENTENCE_END:
            sentence += 1
        previous_end = token.end
        out.append(token)
    return out


def _join_number_words(tokens: list[Token]) -> list[Token]:
    """'twenty-six thousand' -> one number token 26000; '30 thousand' -> 30000; '20-plus' keeps 20 and 'plus'."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        parts = token.text.split("-") if token.is_word else []
        if parts == ["one"] and not (i + 1 < len(tokens) and tokens[i + 1].text in SCALES):
            parts = []  # "no one", "one side": a word, unless "one thousand ..."
        if token.kind == "number" or (parts and all(p in NUMBER_WORDS for p in parts) and parts[0] not in SCALES):
            total, current, j, end = 0.0, 0.0, i, token.end
            while j < len(tokens):
                t = tokens[j]
                words = t.text.split("-") if t.is_word else []
                if t.kind == "number" and j == i and t.value is not None:
                    current = t.value
                elif words and all(w in NUMBER_WORDS for w in words) and (j > i or words[0] not in SCALES):
                    for w in words:
                        if w in SCALES:
                            current = max(current, 1) * SCALES[w]
                            if SCALES[w] >= 1000:
                                total, current = total + current, 0.0
                        else:
                            current += NUMBER_WORDS[w]
                elif t.is_word and t.text == "and" and j > i and j + 1 < len(tokens) and \
                        all(w in NUMBER_WORDS for w in tokens[j + 1].text.split("-")):
                    pass  # "nine thousand and three hundred"
                else:
                    break
                end = t.end
                j += 1
            if j == i:  # a number token whose value could not be read
                out.append(token)
                i += 1
                continue
            value = total + current
            out.append(Token(str(int(value)) if value == int(value) else str(value), "number", token.start, end,
                             value, token.sentence, token.quoted))
            i = j
            continue
        out.append(token)
        i += 1
    for number, token in enumerate(out):
        token.index = number
    return out
