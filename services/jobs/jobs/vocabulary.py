"""The closed lists of values the API accepts (docs/api.md)."""

COMPANY_SIZES = (
    "1-10",
    "11-50",
    "51-200",
    "201-500",
    "501-1000",
    "1001-5000",
    "5001-10000",
    "10000+",
)
EMPLOYMENT_TYPES = ("co-op", "internship", "full-time", "part-time", "contract")
WORKPLACES = ("on-site", "hybrid", "remote")
APPLICATION_STATUSES = (
    "wishlist",
    "applied",
    "assessment",
    "interviewing",
    "offer",
    "accepted",
    "rejected",
    "withdrawn",
    "ghosted",
)
