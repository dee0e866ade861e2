"""Writes the hard evaluation set: samples/hard/<slug>.{txt,html,gold.json}.

  python3 samples/hard/src/make_hard.py

Every page's body is written once in the pages_*.py modules; the raw page is
built around it and the gold body derived from it (see hardlib.py).
"""
import sys

sys.dont_write_bytecode = True  # keep the tree free of __pycache__

import pages_html  # noqa: E402
import pages_text_a  # noqa: E402
import pages_text_b  # noqa: E402

total = 0
for module in (pages_text_a, pages_text_b, pages_html):
    for page in module.PAGES:
        raw_bytes, body_bytes = page()
        total += 1
        print(f"{page.__name__:40s} raw {raw_bytes:6d}  body {body_bytes:6d}")
print(total, "pages")
