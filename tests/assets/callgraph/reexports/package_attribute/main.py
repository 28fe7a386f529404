import lib

lib.Client().send()
