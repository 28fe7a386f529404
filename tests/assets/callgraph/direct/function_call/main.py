def greet():
    return "hi"

def run():
    greet()

run()
