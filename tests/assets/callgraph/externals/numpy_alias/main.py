import numpy as np

def mean(xs):
    return np.mean(np.array(xs))

mean([1])
