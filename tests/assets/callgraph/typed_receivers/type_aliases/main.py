import kinds
from kinds import MaybeLogger, Scope, Send


def handle(scope: Scope, log: kinds.AnyLogger, maybe: MaybeLogger, send: Send):
    scope.get("path")
    log.info("handled")
    if maybe is not None:
        maybe.warn("maybe")
    send(scope)  # whatever callers pass: nothing here says
