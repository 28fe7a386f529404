from ..util import tool
from .. import util

def go():
    tool()
    util.tool()
