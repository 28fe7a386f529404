"""Repository-wide pass: what flows into parameters, and overrides reached through self.

Workers see one file at a time; this pass joins their facts. A call of a
parameter resolves to every function some call site passes for it (followed
through parameters forwarded to other functions), which covers callbacks,
decorator wrappers and higher-order code. An instance of a class passed in is bound
the same way: a method called on the parameter (``sink.write()``) is the one the
class's MRO gives, and calling the instance runs its ``__call__``. A value kept on
``self`` (slots.py) is a slot of its class, bound and called like a parameter; the
slot is shared by the class's ancestors and subclasses, since ``self`` may be any of them,
but a value a caller passed to be kept there is seen only where ``self`` may be what it
was at that call (``super().__init__(on_error)`` in a subclass: that subclass's instances).
A call through ``self`` to ``C.m`` in a method ``R.f`` also reaches every override of
``C.m`` in ``R`` or a subclass of ``R`` (dynamic dispatch: ``self`` is an ``R``, so a
sibling's override never runs there) whose instances run ``R.f``: not one that
overrides ``f`` without calling ``super().f()`` (click's ``BadParameter`` shows errors
through ``UsageError.show``, never ``ClickException.show``), nor one declared only under
``if TYPE_CHECKING:``. A property read through ``self`` reaches the overriding getters so.
Edges found here carry ``Confidence.NAME``: they are an over-approximation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from graph_rag.model import Binding, Call, Confidence, FlowFacts, Inherits, ParamCall, SelfCall, Signature
from graph_rag.parse.mro import MethodLookup
from graph_rag.parse.slots import expand, is_slot
from graph_rag.parse.values import FAMILY, GUARD, INSTANCE, UNBOUND, instance_ref, param_ref, split_guard

_NEXT = {"__iter__": "__next__", "__aiter__": "__anext__"}  # what a loop calls next
MAX_ROUNDS = 4  # of binding what parameter calls pass on: callbacks of callbacks of ...


@dataclass(slots=True)
class FlowResult:
    calls: dict[str, list[Call]] = field(default_factory=dict)  # by caller module
    resolved_param_calls: int = 0
    unresolved_param_calls: int = 0

    def tally(self, resolved: bool) -> None:
        """One deferred call site (a parameter's, a mixin's ``super()``), found or not."""
        self.resolved_param_calls += resolved
        self.unresolved_param_calls += not resolved


class _Held:
    """Function qualnames and instances (``pkg.Class()``) each parameter or slot
    (``owner\\x00param``) may hold, followed through forwarded parameters to a fixpoint,
    found when asked (an item key such as ``p{}`` need not be bound itself).

    Keys that forward to each other in a cycle hold the same values: each strongly
    connected group is solved once (Tarjan's algorithm, iterative: a chain of thousands
    of forwarding functions must not exhaust the stack, nor a lattice of them take
    exponential time)."""

    def __init__(self, bindings: Iterable[Binding], admits: Callable[[str, str], bool]) -> None:
        self.admits = admits  # (value, guard): whether what isinstance() tests say lets it by
        self.direct: dict[str, set[str]] = defaultdict(set)
        self.forwarded: dict[str, set[str]] = defaultdict(set)
        for function, param, value in _per_receiver(bindings):
            key = param_ref(function, param)
            (self.forwarded if "\x00" in value else self.direct)[key].add(value)
        self.resolved: dict[str, frozenset[str]] = {}

    def get(self, key: str) -> frozenset[str]:
        if key not in self.resolved:
            self._solve(key)
        return self.resolved[key]

    def _solve(self, root: str) -> None:
        sources: dict[str, list[str]] = {}
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on_stack: set[str] = set()

        def enter(key: str) -> None:
            index[key] = low[key] = len(index)
            stack.append(key)
            on_stack.add(key)
            sources[key] = sorted(_sources(key, self.forwarded))

        enter(root)
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sources[root]))]
        while work:
            key, pending = work[-1]
            for source in pending:
                if source in self.resolved:
                    continue
                if source not in index:
                    enter(source)
                    work.append((source, iter(sources[source])))
                    break
                if source in on_stack:
                    low[key] = min(low[key], index[source])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[key])
                if low[key] == index[key]:  # the root of a group: every member is solved now
                    members = []
                    while not members or members[-1] != key:
                        members.append(stack.pop())
                        on_stack.discard(members[-1])
                    held: set[str] = set()
                    for member in members:
                        held |= self.direct.get(member, set())
                        held.update(*(self.resolved[s] for s in sources[member] if s in self.resolved))
                    if len(members) == 1 and GUARD in key:  # (in a cycle, all members hold alike)
                        guard = key.partition(GUARD)[2]
                        held = {value for value in held if self.admits(value, guard)}
                    frozen = frozenset(held)
                    for member in members:
                        self.resolved[member] = frozen


def _per_receiver(bindings: Iterable[Binding]) -> Iterator[tuple[str, str, str]]:
    """(function, parameter or slot, value) of each binding; and for a slot on ``self``,
    what a read of it sees (``_seen``), kept by the class ``self`` is at the call that
    passed the value (one level of object sensitivity). ``super().__init__(on_error)`` in
    class ``A`` and ``super().__init__(on_miss)`` in its sibling ``B`` both reach
    ``Base.__init__``, which keeps its parameter as ``self.callback``: ``on_error`` is seen
    by instances of ``A``, ``on_miss`` by those of ``B``, so ``self.callback()`` in a method
    of ``B`` calls ``on_miss`` only, where a method of ``Base`` may call either.
    ``Base(on_any)`` keeps ``on_any`` for instances of exactly ``Base`` ("Base()"), which
    no subclass's method sees. For this a method's parameter is also held apart by the
    receiver of the calls that passed it: "m\x01" for calls of unknown receiver, "m\x01A"
    for those with ``self`` an ``A``. The parameter and the slot themselves still hold
    everything (a slot forwarded elsewhere, ``run(self.callback)``, passes all of it)."""
    bindings = list(bindings)
    receivers: dict[str, set[str]] = defaultdict(set)  # a method -> the classes its calls name
    for b in bindings:
        if b.receiver:
            receivers[b.function].add(b.receiver)
    for b in bindings:
        yield b.function, b.param, b.value
        if not is_slot(b.param):
            if b.function in receivers:
                yield f"{b.function}\x01{b.receiver}", b.param, b.value
            continue
        forwarder, _, param = b.value.partition("\x00")
        if not (param and forwarder in receivers):
            yield _seen(b.function), b.param, b.value
            continue
        # ``self.x = p`` in a method whose callers say what ``self`` is
        yield _seen(b.function), b.param, param_ref(f"{forwarder}\x01", param)
        for klass in sorted(receivers[forwarder]):
            yield _seen(klass), b.param, param_ref(f"{forwarder}\x01{klass}", param)


def _seen(owner: str) -> str:
    """Where what a read of a slot of ``owner`` (a class, or "Class()") sees is held."""
    return f"{owner}\x02"


def join(facts: Mapping[str, FlowFacts], counted: Container[str] | None = None) -> FlowResult:
    """Edges for parameter calls and overriding methods, grouped by the caller's module.

    ``facts`` are every module's (by qualified name); parameter calls are counted as
    resolved or not only for the modules in ``counted`` (default: all).
    """
    modules = sorted(facts)
    overriders: dict[str, list[str]] = defaultdict(list)
    subclasses: dict[str, list[str]] = defaultdict(list)
    bases: dict[str, list[str]] = defaultdict(list)
    for module in modules:
        for edge in facts[module].overrides:
            overriders[edge.overridden].append(edge.method)
        for link in sorted(facts[module].inherits, key=_position):  # bases in MRO order
            subclasses[link.base].append(link.child)
            bases[link.child].append(link.base)
    overriding, below, above = _Reachable(overriders), _Reachable(subclasses), _Reachable(bases)

    def admits(value: str, guard: str) -> bool:
        return _admitted(value, *split_guard(guard), above=above, below=below, read=bases)

    lookup = MethodLookup(bases, {method for m in modules for method in facts[m].methods})
    iterators: dict[str, list[str]] = defaultdict(list)  # an __iter__ -> the classes it returns
    for module in modules:
        for method, returned in facts[module].iterators:
            iterators[method].append(returned)

    def held_by(pc: ParamCall, values: _Held) -> set[str]:
        """What the parameter or slot ``pc`` calls on may hold there (its guard applied):
        a slot on self as an instance of its class or any subclass keeps it."""
        if is_slot(pc.param):
            held = kept_by(f"{pc.owner}{FAMILY}", pc.param, values)
        else:
            held = {value for name in expand(pc.param) for value in values.get(param_ref(pc.owner, name))}
        return {value for value in held if admits(value, pc.guard)}

    def kept_by(instance: str, slot: str, values: _Held) -> set[str]:
        """What an instance (``C()``: exactly a C; ``C(*)``: a C or a subclass's) keeps in
        ``slot``: what the methods it runs (its class's and the ancestors') store there, and
        what was kept for instances made as exactly its class; a subclass's stores only
        for an instance that may be one."""
        if instance.endswith(FAMILY):
            klass, family = instance.removesuffix(FAMILY), list(below.of(instance.removesuffix(FAMILY)))
        elif instance.endswith(INSTANCE):
            klass, family = instance.removesuffix(INSTANCE), []
        else:
            return set()  # a function keeps nothing
        if klass.startswith("builtins."):
            return set()
        owners = [klass, *above.of(klass), *family, *(instance_ref(k) for k in (klass, *family))]
        keys = [param_ref(_seen(owner), name) for owner in owners for name in expand(slot)]
        return {value for key in keys for value in values.get(key)}

    def targets_of(pc: ParamCall, values: _Held) -> set[str]:
        if "." in pc.method:  # ``stack.preprocess.append()``: on what each instance passed in keeps there
            *attributes, method = pc.method.split(".")
            kept = held_by(pc, values)
            for attribute in attributes:  # ``request.user.profile.save()``: one slot after another
                kept = {v for held in kept for v in kept_by(held, f".{attribute}", values)}
            return _called(kept, method, lookup, below, None)
        loop = not pc.counted and pc.method in _NEXT
        called = _called(held_by(pc, values), pc.method, lookup, below, iterators if loop else None)
        return called | mixin_members(pc)

    def mixin_members(pc: ParamCall) -> set[str]:
        """``self.send()`` in a method of a class that defines no ``send`` (requests'
        SessionRedirectMixin, subclassed by Session): besides what instances keep in the
        slot, the method the MRO of each class running the calling method finds."""
        name = pc.param[1:]
        klass, _, method = pc.caller.rpartition(".")
        if pc.method or not pc.param.startswith(".") or "." in name or klass != pc.owner:
            return set()
        if lookup.find(pc.owner, name) is not None:
            return set()
        classes = (pc.owner, *below.of(pc.owner))
        return {t for k in classes if runs(k, pc.owner, method) and (t := lookup.find(k, name)) is not None}

    extended = {pair for module in modules for pair in facts[module].extends}
    getters = {getter for module in modules for getter in facts[module].getters}
    ran: dict[tuple[str, str, str], bool] = {}

    def runs(klass: str, receiver: str, method: str) -> bool:
        """Whether ``receiver``'s ``method`` may run on an instance of ``klass`` (the receiver
        or a subclass): down ``klass``'s MRO, each class defining ``method`` before the
        receiver calls the next one (``super().method()``) or holds what may be anything (a
        class attribute). Where the MRO is not known to hold the receiver, it may."""
        key = (klass, receiver, method)
        if key not in ran:
            ran[key] = True
            for owner in lookup.mro(klass):
                defined = f"{owner}.{method}" in lookup.methods
                if owner == receiver or ((owner, method) in extended and not defined):
                    break  # reached, or a class attribute there, which may hold the receiver's
                if defined and (owner, method) not in extended:
                    ran[key] = False  # defined there without calling up: the receiver's never runs
                    break
        return ran[key]

    def reaches(sc: SelfCall, override: str) -> bool:
        """Whether the call through self ``sc`` may run ``override`` (of its callee): one in
        the receiver or a subclass (a sibling's never runs there; an unknown receiver lets
        every override run), that runs (none declared only for type checkers; a getter for
        a property read), and that some class running the method the call is in finds first
        in its MRO."""
        if override not in lookup.methods or (sc.read and override not in getters):
            return False
        if not sc.receiver:
            return True
        owner = override.rpartition(".")[0]
        if owner != sc.receiver and owner not in below.of(sc.receiver):
            return False
        if not sc.method:
            return True
        name = override.rpartition(".")[2]
        return any(
            runs(k, sc.receiver, sc.method) and lookup.find(k, name) in (override, None)
            for k in (owner, *below.of(owner))
        )

    values = _passed_on(facts, targets_of, admits)
    result = FlowResult()
    for module in modules:
        found: list[Call] = []
        for pc in facts[module].param_calls:
            targets = sorted({t.removesuffix(UNBOUND) for t in targets_of(pc, values)})
            if pc.counted and (counted is None or module in counted):
                resolved = bool(targets) or any(
                    targets_of(replace(pc, owner=o, param=p), values) for o, p in pc.also
                )
                result.tally(resolved)
            found.extend(Call(pc.caller, target, pc.lineno, Confidence.NAME) for target in targets)
        for sup in facts[module].super_calls:
            # super() in a mixin runs the next definition in the MRO of the instance's class:
            # the mixin itself or any subclass of it
            classes = [sup.klass, *below.of(sup.klass)]
            targets = sorted({t for c in classes if (t := lookup.find(c, sup.method, sup.klass)) is not None})
            if counted is None or module in counted:
                result.tally(bool(targets))
            found.extend(Call(sup.caller, target, sup.lineno, Confidence.NAME) for target in targets)
        for sc in facts[module].self_calls:
            found.extend(
                Call(sc.caller, method, sc.lineno, Confidence.NAME)
                for method in overriding.of(sc.callee)
                if reaches(sc, method)
            )
        if found:
            result.calls[module] = found
    return result


_CONTAINER_KEY = re.compile(r"^(.*\x00\.?[^\W\d]\w*)(\W.*)$")  # "f\x00p" + "{}" ("p{}": p's values)


def _sources(key: str, forwarded: Mapping[str, set[str]]) -> set[str]:
    """Where ``key`` takes values from: what is forwarded to it, and for an item of a
    container (``p{}``, ``p[]``), the same item of whatever is forwarded to the container;
    a guarded key (values.guarded) from the key it guards."""
    if GUARD in key:
        return {key.partition(GUARD)[0]}
    found = set(forwarded.get(key, ()))
    container = _CONTAINER_KEY.match(key)
    if container is not None:
        base, suffix = container.groups()
        # only from a whole parameter or slot: an item of an item would make keys without end
        found |= {
            f"{source}{suffix}" for source in forwarded.get(base, ()) if not _CONTAINER_KEY.match(source)
        }
    return found


def _passed_on(
    facts: Mapping[str, FlowFacts],
    targets_of: Callable[[ParamCall, _Held], set[str]],
    admits: Callable[[str, str], bool],
) -> _Held:
    """What each parameter may hold, with what parameter calls pass on bound to the
    parameters of what they reach (``apply(f, g)`` calling ``f(g)``: ``g`` is ``f``'s
    argument), in rounds until nothing new is bound (each round can reach callees further)."""
    bindings = {b for facts_ in facts.values() for b in facts_.bindings}
    signatures = {s.function: s for facts_ in facts.values() for s in facts_.signatures}
    passing = [pc for facts_ in facts.values() for pc in facts_.param_calls if pc.arguments]
    values = _Held(bindings, admits)
    for _ in range(MAX_ROUNDS):
        new = set()
        for pc in passing:
            for target in targets_of(pc, values):
                signature = signatures.get(target.removesuffix(UNBOUND))
                if signature is not None:
                    new.update(_bound(signature, pc.arguments, unbound=target.endswith(UNBOUND)))
        new -= bindings
        if not new:
            break
        bindings |= new
        values = _Held(bindings, admits)
    return values


def _bound(signature: Signature, arguments: Iterable[tuple[str, str]], *, unbound: bool) -> Iterator[Binding]:
    """Bindings of what a call passes, by the callee's signature (an unbound method's
    first argument is its ``self``)."""
    positional = (
        (signature.receiver, *signature.positional)
        if unbound and signature.receiver
        else signature.positional
    )
    for key, value in arguments:
        if not key.startswith("#"):
            yield Binding(signature.function, key, value)
        elif (position := int(key[1:])) < len(positional):
            yield Binding(signature.function, positional[position], value)
        elif signature.vararg:  # an element of the ``*args`` tuple
            yield Binding(signature.function, f"{signature.vararg}[]", value)


def _called(
    held: Iterable[str],
    method: str,
    lookup: MethodLookup,
    family: _Reachable,
    iterators: Mapping[str, list[str]] | None,
) -> set[str]:
    """What calling a parameter holding ``held`` runs, or calling ``method`` on it: the
    functions themselves, an instance's ``__call__`` or ``method`` along its class's MRO
    (for ``self`` passed on: its class's or any subclass's). Given ``iterators`` (what each
    ``__iter__`` returns), the call is a loop over the parameter: ``__iter__``, then
    ``__next__`` on what that returns."""
    found: set[str] = set()
    for value in held:
        if value.endswith(FAMILY):
            klass = value.removesuffix(FAMILY)
            classes = [klass, *family.of(klass)]
        elif value.endswith(INSTANCE):
            classes = [value.removesuffix(INSTANCE)]
        else:
            found.update([] if method else [value])
            continue
        for klass in classes:
            target = lookup.find(klass, method or "__call__")
            if target is None:
                continue
            found.add(target)
            for returned in iterators.get(target, ()) if iterators is not None else ():
                following = lookup.find(returned or klass, _NEXT[method])
                found.update([following] if following is not None else [])
    return found


def _admitted(
    value: str,
    one_of: frozenset[str],
    none_of: frozenset[str],
    *,
    above: _Reachable,
    below: _Reachable,
    read: Mapping[str, list[str]],
) -> bool:
    """Whether a held value passes ``isinstance`` tests: an instance of a class in
    ``one_of`` (when that is said) and of none in ``none_of``. A test for a class whose
    ancestors are not all known (an external base's are unread) lets a value by, as one
    for a subclass does a value of "any subclass" (``C(*)``); a function passes no test
    of ``one_of`` (its classes are the repository's or builtins: values.guard_of)."""
    if value.endswith(FAMILY):
        klass, any_subclass = value.removesuffix(FAMILY), True
    elif value.endswith(INSTANCE):
        klass, any_subclass = value.removesuffix(INSTANCE), False
    else:
        return not one_of
    ancestors = above.of(klass)
    lineage = {klass, *ancestors, *(["builtins.int"] if klass == "builtins.bool" else [])}
    if none_of & lineage:
        return False
    if not one_of or one_of & lineage:
        return True
    if any_subclass and one_of & below.of(klass).keys():
        return True
    return any(a not in read and not a.startswith("builtins.") for a in ancestors)


def _position(link: Inherits) -> int:
    return link.position


class _Reachable:
    """What a start reaches along edges, at any depth, in the order found, memoised:
    the overrides of a method, the subclasses of a class (the start itself included)."""

    def __init__(self, edges: Mapping[str, list[str]]) -> None:
        self.edges = edges
        self.known: dict[str, dict[str, None]] = {}

    def of(self, start: str) -> dict[str, None]:
        """Everything ``start`` reaches, excluding itself unless an edge leads back to it
        (a dict: a set that keeps the order)."""
        if start not in self.known:
            stack, found = list(self.edges.get(start, ())), {}
            while stack:
                current = stack.pop()
                if current not in found:
                    found[current] = None
                    stack.extend(self.edges.get(current, ()))
            self.known[start] = found
        return self.known[start]


def moved_modules(before: Mapping[str, FlowFacts], after: Mapping[str, FlowFacts]) -> set[str]:
    """Modules present in both whose joined edges differ between two sets of facts: what a
    change to other modules' facts does to them."""
    old, new = join(before).calls, join(after).calls
    return {m for m in before.keys() & after.keys() if _call_keys(old.get(m)) != _call_keys(new.get(m))}


def _call_keys(calls: list[Call] | None) -> list[tuple[str, str, int]]:
    return sorted((c.caller, c.callee, c.lineno) for c in calls or ())
