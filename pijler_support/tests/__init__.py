from . import test_res_partner
from . import test_access
from . import test_import
