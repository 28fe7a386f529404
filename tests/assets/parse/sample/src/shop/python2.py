def old():
    print "hello"
