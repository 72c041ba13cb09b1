def hello(name):
    print("hello from", name)
