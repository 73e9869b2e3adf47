from . import pijler_theme
from . import pijler_sdg
from . import pijler_expertise
from . import pijler_project
from . import res_partner
from . import res_config_settings
from . import website
from . import pijler_databank_import
