import pkg.util

pkg.util.work()
