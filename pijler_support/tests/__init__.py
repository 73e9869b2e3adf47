from . import test_res_partner
from . import test_access
from . import test_databank_controller
from . import test_databank_tour
from . import test_import
from . import test_moderation
from . import test_confirmation
