def run():
    return "recovery from part1"
