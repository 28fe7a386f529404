inc = lambda x: x + 1
inc(1)
