from reviews.models import Review
from servicekit.testing import assert_refused_outside_development


def test_seed_demo_refuses_to_run_outside_development(app, count_rows):
    assert_refused_outside_development(app, "seed-demo")
    assert count_rows(Review) == 0
