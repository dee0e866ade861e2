"""Helpers that build a hard-set page around its body and write the gold.

Each page is written once as a list of raw body paragraphs (with the Unicode
mischief a scraped page has: non-breaking spaces, Cyrillic look-alike letters
inside English words). The gold body is derived from that list by the rules of
docs/ANNOTATION.md, so raw page and gold cannot drift apart.
"""
import html
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

ODD_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
HOMOGLYPHS = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "і": "i", "ј": "j", "ѕ": "s", "А": "A", "В": "B", "Е": "E", "К": "K",
    "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X",
    "І": "I",
}
LATIN = re.compile(r"[A-Za-z]")
WORD = re.compile(r"[A-Za-z\u0400-\u04FF]+")


def repair_word(m):
    w = m.group(0)
    if LATIN.search(w) and any(c in HOMOGLYPHS for c in w):
        return "".join(HOMOGLYPHS.get(c, c) for c in w)
    return w


def gold_paragraph(p):
    for s in ODD_SPACES:
        p = p.replace(s, " ")
    p = WORD.sub(repair_word, p)
    assert "\n" not in p, p
    assert "  " not in p, repr(p)
    return p.strip()


def gold_body(paragraphs):
    return "\n\n".join(gold_paragraph(p) for p in paragraphs)


def esc(p, nbsp_entity=True, curly_entities=False):
    """HTML-escapes a paragraph; optionally writes some characters as references."""
    s = html.escape(p, quote=False)
    if nbsp_entity:
        s = s.replace("\u00a0", "&nbsp;")
    if curly_entities:
        s = (s.replace("\u2019", "&rsquo;").replace("\u201c", "&#8220;")
             .replace("\u201d", "&#x201D;").replace("\u2013", "&ndash;"))
    return s


def key(text):
    text = WORD.sub(repair_word, text)
    return re.sub(r"\s+", "", text)


def strip_html(raw):
    raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
    raw = re.sub(r"(?s)<!--.*?-->", " ", raw)
    raw = re.sub(r"(?s)<[^>]*>", " ", raw)
    return html.unescape(raw)


def write_page(slug, ext, raw, title, published_date, source, url, paragraphs,
               untouched=False, title_in_raw=True):
    content_type = "text/html" if ext == "html" else "text/plain"
    body = gold_body(paragraphs)
    raw_file = f"{slug}.{ext}"
    # Checks: each body paragraph is in the raw text, the title is too, the
    # date looks right, untouched pages are their body.
    raw_key = key(strip_html(raw) if ext == "html" else raw)
    for p in body.split("\n\n"):
        assert p and p == p.strip(), (slug, p)
        assert key(p) in raw_key, (slug, p[:80])
    if title_in_raw:
        assert key(html.escape(title, quote=False) if False else title) in raw_key, (slug, title)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?", published_date), slug
    if untouched:
        assert raw.strip() == body, slug
    # A page that shows no headline anywhere has no title a cleaner can
    # find: its gold title is empty (the headline it was published under
    # stays in the page list, for the record).
    gold_title = title if title_in_raw else ""
    with open(os.path.join(OUT, raw_file), "w", encoding="utf-8", newline="") as f:
        f.write(raw)
    gold = {
        "raw_file": raw_file,
        "content_type": content_type,
        "url": url,
        "title": gold_title,
        "published_date": published_date,
        "source": source,
        "body": body,
        "entities": [],
        "roles": [],
        "quotes": [],
    }
    with open(os.path.join(OUT, f"{slug}.gold.json"), "w", encoding="utf-8") as f:
        json.dump(gold, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return len(raw.encode()), len(body.encode())
