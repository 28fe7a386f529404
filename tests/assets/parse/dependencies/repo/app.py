from webkit import make_response


def view():
    rv = make_response("hi")
    rv.headers.update({"X": "1"})
    return rv.body()
