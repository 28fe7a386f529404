from tools import helper as h

h()
