"""One rule for when two emails are the same account, the same in Python and the database.

PostgreSQL's lower() and Python's str.lower() disagree on a few characters (capital I with
a dot above lowers to i plus a combining dot in Python and depends on the collation in
PostgreSQL; to lower() a final sigma, U+03C2, is not the sigma U+03C3), so a comparison made
in one and a unique index kept by the other could disagree.
Every comparison therefore uses the key computed here, stored beside the email: Unicode
NFKC, then full case folding, with surrounding spaces dropped.
"""

from __future__ import annotations

import unicodedata


def email_key(email: str) -> str:
    return unicodedata.normalize("NFKC", email.strip()).casefold()
