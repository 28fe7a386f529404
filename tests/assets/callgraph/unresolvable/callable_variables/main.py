from mod import getcwd, handler

handler()
getcwd()
