from http import cookiejar as cookielib  # re-exported, as requests.compat does
