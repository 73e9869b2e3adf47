from . import test_res_partner
from . import test_access
