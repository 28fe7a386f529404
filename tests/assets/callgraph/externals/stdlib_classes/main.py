import io
from collections import deque
from netrc import netrc


def credentials(path, host):
    # netrc.netrc is a class, though PEP 8 spelling would not say so: the stubs do
    return netrc(path).authenticators(host)


def breadth_first(start):
    queue = deque([start])
    node = queue.popleft()
    queue.appendleft(node)


def render(lines):
    buffer = io.StringIO()  # named as imported (io), not where it is defined (_io)
    buffer.write("\n".join(lines))
    return buffer.getvalue()
