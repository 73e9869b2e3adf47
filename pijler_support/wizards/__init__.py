from . import pijler_import_wizard
from . import pijler_reject_wizard
