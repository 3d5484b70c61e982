import pytest

from nlp.output import registry_eligibility


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"source": "clinicaltrials.gov", "minimum_age": "18 Years", "maximum_age": "6 Months",
          "sex": "FEMALE", "healthy_volunteers": True},
         {"minimum_age_years": 18.0, "maximum_age_years": 0.5, "sex": "FEMALE", "healthy_volunteers": True}),
        # AACT writes N/A for no limit and mixed-case sexes
        ({"source": "aact", "minimum_age": "2 Weeks", "maximum_age": "N/A", "sex": "All"},
         {"minimum_age_years": 0.0383, "maximum_age_years": None, "sex": "ALL", "healthy_volunteers": None}),
        # not an age, not a time unit, not a sex: null, not a guess
        ({"source": "aact", "minimum_age": "adult", "maximum_age": "3 kg", "sex": "both"},
         {"minimum_age_years": None, "maximum_age_years": None, "sex": None, "healthy_volunteers": None}),
    ],
)
def test_registry_fields_in_years(fields, expected):
    registry = registry_eligibility(fields).model_dump()
    assert {k: registry[k] for k in expected} == expected
    assert registry["minimum_age"] == fields["minimum_age"]  # as written, beside the years
    assert registry["maximum_age"] == fields["maximum_age"]

