"""The closed lists of values the API accepts (docs/api.md)."""

from datetime import date

import pycountry

TERMS = ("winter", "spring", "summer", "fall")
SALARY_PERIODS = ("hourly", "monthly", "yearly")
INTERVIEW_OUTCOMES = ("offer", "rejected", "no_response", "withdrew")
FLAG_REASONS = ("spam", "offensive", "off_topic", "personal_info", "other")
REVIEW_STATUSES = ("published", "hidden")
FLAG_STATUSES = ("open", "resolved")
SUB_RATINGS = ("work_life_balance", "culture", "learning", "compensation")
CURRENCIES = frozenset(currency.alpha_3 for currency in pycountry.currencies)
FIRST_YEAR = 2000
MAX_COOP_NUMBER = 8


def latest_year() -> int:
    """Contributions may name next year (a co-op term already signed)."""
    return date.today().year + 1
