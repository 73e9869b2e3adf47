from . import pijler_import
