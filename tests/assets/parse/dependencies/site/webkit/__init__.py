from .response import make_response as make_response
