WHERE = "part0"
