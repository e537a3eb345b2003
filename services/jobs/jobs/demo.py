"""The demo data set `make dev` loads on first start: companies across industries and jobs.

Deterministic (a fixed seed), so every newcomer sees the same data and the reviews demo can
rely on it.
"""

from __future__ import annotations

import random
import uuid

from .catalog import slugify
from .extensions import db
from .models import Company, Job

DEMO_CREATOR = uuid.uuid5(uuid.NAMESPACE_URL, "https://jobsight.dev/demo")
SEED = 2026

# name, industry, size, headquarters
COMPANIES = [
    ("Northwind Analytics", "Data & AI", "201-500", "Toronto, ON"),
    ("Maple Ledger", "Fintech", "501-1000", "Toronto, ON"),
    ("Aurora Robotics", "Robotics", "51-200", "Waterloo, ON"),
    ("Cobalt Cloud", "Cloud Infrastructure", "1001-5000", "Vancouver, BC"),
    ("Granite Health", "Health Tech", "201-500", "Montreal, QC"),
    ("Pinecrest Games", "Gaming", "51-200", "Montreal, QC"),
    ("Lakeshore Logistics", "Logistics", "1001-5000", "Mississauga, ON"),
    ("Helios Energy", "Clean Energy", "501-1000", "Calgary, AB"),
    ("Quill Software", "Developer Tools", "11-50", "Waterloo, ON"),
    ("Beacon Security", "Cybersecurity", "201-500", "Ottawa, ON"),
    ("Summit Bank", "Banking", "10000+", "Toronto, ON"),
    ("Tidewater Telecom", "Telecommunications", "5001-10000", "Halifax, NS"),
    ("Orchard Foods", "Consumer Goods", "1001-5000", "Guelph, ON"),
    ("Vertex Semiconductors", "Hardware", "501-1000", "Kanata, ON"),
    ("Lumen Learning", "EdTech", "51-200", "Vancouver, BC"),
    ("Harbor Insurance", "Insurance", "5001-10000", "Waterloo, ON"),
    ("Cedar Mobility", "Automotive", "1001-5000", "Oshawa, ON"),
    ("Polar Pharma", "Biotech", "201-500", "Toronto, ON"),
    ("Kestrel Aerospace", "Aerospace", "1001-5000", "Montreal, QC"),
    ("Ember Retail", "E-commerce", "501-1000", "Ottawa, ON"),
    ("Fjord Media", "Media", "51-200", "Toronto, ON"),
    ("Glacier Payments", "Fintech", "201-500", "Vancouver, BC"),
    ("Ironwood Consulting", "Consulting", "1001-5000", "Toronto, ON"),
    ("Juniper Civic", "Government Tech", "11-50", "Victoria, BC"),
    ("Keystone Construction", "Construction", "501-1000", "Edmonton, AB"),
    ("Lighthouse Labs AI", "Data & AI", "11-50", "Toronto, ON"),
    ("Meridian Mining", "Mining", "5001-10000", "Sudbury, ON"),
    ("Nimbus Weather", "Climate Tech", "11-50", "Waterloo, ON"),
    ("Opal Design Studio", "Design", "1-10", "Toronto, ON"),
    ("Prairie Agritech", "Agriculture", "51-200", "Saskatoon, SK"),
    ("Quasar Quantum", "Quantum Computing", "51-200", "Waterloo, ON"),
    ("Riverbend Hospital Network", "Healthcare", "10000+", "Hamilton, ON"),
    ("Sable Sports", "Sports & Fitness", "201-500", "Vancouver, BC"),
    ("Trillium Transit", "Transportation", "5001-10000", "Toronto, ON"),
    ("Umbra Studios", "Animation", "51-200", "Vancouver, BC"),
    ("Vantage Capital", "Investment Management", "201-500", "Toronto, ON"),
]

TITLES = [
    "Software Developer",
    "Backend Developer",
    "Frontend Developer",
    "Full Stack Developer",
    "Data Analyst",
    "Data Scientist",
    "Machine Learning Engineer",
    "QA Engineer",
    "DevOps Engineer",
    "Site Reliability Engineer",
    "Product Manager",
    "UX Designer",
    "Business Analyst",
    "Embedded Software Engineer",
    "Security Analyst",
    "Mobile Developer",
    "Hardware Engineer",
    "Technical Writer",
    "IT Support Analyst",
    "Financial Analyst",
]
EMPLOYMENT_TYPES = (
    ["co-op"] * 5 + ["internship"] * 2 + ["full-time"] * 3 + ["part-time", "contract"]
)
WORKPLACES = ["on-site", "hybrid", "hybrid", "remote"]


def _website(name: str) -> str:
    return "https://" + "".join(c for c in name.lower() if c.isalnum()) + ".example"


def load_demo_data() -> tuple[int, int]:
    """Add the demo set unless any company exists; returns (companies, jobs) added."""
    if db.session.query(Company.id).first() is not None:
        return 0, 0
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    jobs = 0
    for name, industry, size, headquarters in COMPANIES:
        company = Company(
            name=name,
            slug=slugify(name),
            website=_website(name),
            industry=industry,
            size=size,
            headquarters=headquarters,
            description=f"{name}: {industry.lower()}, {size} people, based in {headquarters}.",
            created_by=DEMO_CREATOR,
        )
        titles = rng.sample(TITLES, rng.randint(5, 12))
        for title in titles:
            location = headquarters if rng.random() < 0.7 else rng.choice([c[3] for c in COMPANIES])
            prefix = (
                rng.choice(["", "Junior ", "Intern, ", "Senior "]) if rng.random() < 0.3 else ""
            )
            company_job = Job(
                title=f"{prefix}{title}",
                location=location,
                employment_type=rng.choice(EMPLOYMENT_TYPES),
                workplace=rng.choice(WORKPLACES),
                description=f"Join {name} as a {title.lower()} in {location}.",
                created_by=DEMO_CREATOR,
                company=company,
            )
            db.session.add(company_job)
            jobs += 1
        company.job_count = len(titles)
        db.session.add(company)
    db.session.commit()
    return len(COMPANIES), jobs
