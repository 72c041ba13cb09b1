HELLO = "Hello"
