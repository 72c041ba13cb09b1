WHERE = "part1"
