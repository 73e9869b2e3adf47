from . import pijler_import_wizard
