"""Writes the hard evaluation set: samples/hard/<slug>.{txt,html,gold.json}.

  python3 samples/hard/src/make_hard.py

Every page's body is written once in the pages_*.py modules; the raw page is
built around it and the gold body derived from it (see hardlib.py).
"""
import pages_html
import pages_text_a
import pages_text_b

total = 0
for module in (pages_text_a, pages_text_b, pages_html):
    for page in module.PAGES:
        raw_bytes, body_bytes = page()
        total += 1
        print(f"{page.__name__:40s} raw {raw_bytes:6d}  body {body_bytes:6d}")
print(total, "pages")
