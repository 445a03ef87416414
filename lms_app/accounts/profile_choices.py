"""The short lists a learner may choose from; nothing more precise is asked."""
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

ORGANISATION_TYPES = [
    SelectChoice("", _l("Prefer not to say")),
    SelectChoice("ingo", _l("International NGO")),
    SelectChoice("lngo", _l("National or local NGO")),
    SelectChoice("un", _l("UN agency")),
    SelectChoice("government", _l("Government")),
    SelectChoice("cbo", _l("Community-based organisation")),
    SelectChoice("rcrc", _l("Red Cross / Red Crescent")),
    SelectChoice("other", _l("Other")),
]

WORK_ROLES = [
    SelectChoice("", _l("Prefer not to say")),
    SelectChoice("caseworker", _l("Caseworker")),
    SelectChoice("social_worker", _l("Social worker")),
    SelectChoice("volunteer", _l("Community volunteer")),
    SelectChoice("supervisor", _l("Supervisor or manager")),
    SelectChoice("other_sector", _l("Staff of another sector")),
    SelectChoice("other", _l("Other")),
]
