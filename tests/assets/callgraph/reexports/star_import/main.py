from lib import *

helper()
