import pkg.util as u

u.work()
