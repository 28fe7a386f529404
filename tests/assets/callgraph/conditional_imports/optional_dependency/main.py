try:
    import multipart
    from multipart.multipart import parse_options_header
except ModuleNotFoundError:
    multipart = None  # absent: the code below runs only where the import worked
    parse_options_header = None


def parse(callbacks, header):
    parser = multipart.QuerystringParser(callbacks)
    return parse_options_header(header), parser
