def parse():
    return "slow"
