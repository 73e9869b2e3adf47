from . import main
from . import registration
from . import portal
from . import confirmation
