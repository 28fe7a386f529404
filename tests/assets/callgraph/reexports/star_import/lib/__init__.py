from lib.impl import *
