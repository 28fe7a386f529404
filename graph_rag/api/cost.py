"""The cost of a GraphQL document, checked before it runs.

Depth, token and alias limits do not bound an answer: lists multiply. On four
functions that all call each other, 614 characters of nested, aliased ``callers``
asked for 18.8 MB, resolved for 30 s from the DataLoader caches (so no query, and
no deadline check, ever ran) and stalled every other request meanwhile.

The cost is an upper bound on the fields of the answer: a leaf costs 1, an
object field 1 plus its fields, and a list field 1 plus its size times its
fields. A list's size is its ``first`` (or ``k``) argument, the schema's
default when it is left out, or ``UNSIZED_LIST`` for lists without either;
fragments count where they are spread, and introspection fields count 1 each
(graphql-core bounds introspection depth itself).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from strawberry.extensions import SchemaExtension

from graph_rag.api.limits import MAX_COST, MAX_FIRST, UNSIZED_LIST

SIZE_ARGUMENTS = ("first", "k")


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    operation_name: str | None = None,
    variables: dict[str, Any] | None = None,
) -> int | None:
    """The cost of the operation that would run, or None when it cannot run anyway
    (no such operation, or variables that do not fit: execution reports those)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables or {})
    if isinstance(coerced, list):
        return None
    root = schema.get_root_type(operation.operation)
    if root is None:
        return None
    return _Costing(schema, document, coerced).selections(root, operation.selection_set)


class _Costing:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: VariableValues) -> None:
        self.schema = schema
        self.variables = variables
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.fragment_costs: dict[str, int] = {}  # a fragment spread many times is costed once

    def selections(self, parent: Any, selection_set: SelectionSetNode) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(parent, selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                on = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selections(on, selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value)
        return total

    def fragment(self, name: str) -> int:
        # Validation (which runs first) refused unknown and cyclic fragments.
        if name not in self.fragment_costs:
            fragment = self.fragments[name]
            on = self.schema.get_type(fragment.type_condition.name.value)
            self.fragment_costs[name] = self.selections(on, fragment.selection_set)
        return self.fragment_costs[name]

    def field(self, parent: Any, node: FieldNode) -> int:
        name = node.name.value
        if node.selection_set is None or name.startswith("__"):
            return 1
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType) or name not in parent.fields:
            return 1
        definition = parent.fields[name]
        children = self.selections(get_named_type(definition.type), node.selection_set)
        if not isinstance(get_nullable_type(definition.type), GraphQLList):
            return 1 + children
        return 1 + self.size(definition, node) * children

    def size(self, definition: Any, node: FieldNode) -> int:
        try:
            arguments = get_argument_values(definition, node, self.variables)
        except GraphQLError:  # e.g. null for `first: Int!`: execution names the argument
            return UNSIZED_LIST
        for name in SIZE_ARGUMENTS:
            if isinstance(arguments.get(name), int):
                # Out-of-range values are left to the resolvers, which name the argument.
                return min(max(arguments[name], 0), MAX_FIRST)
        return UNSIZED_LIST


def over_budget(cost: int, limit: int = MAX_COST) -> GraphQLError:
    return GraphQLError(
        f"The query costs {cost:,}, over the limit of {limit:,}: a list field costs its size "
        f"(`first` or `k`; {UNSIZED_LIST} for a list without either) times the cost of its "
        "fields, every other field 1. Ask for shorter lists or nest fewer of them."
    )


class QueryCostLimiter(SchemaExtension):
    """Refuses, before execution, an operation that costs more than ``max_cost``."""

    def __init__(self, max_cost: int = MAX_COST) -> None:
        self.max_cost = max_cost

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.result is None:
            cost = query_cost(
                context.schema._schema,  # graphql-core's schema (strawberry has no public name for it)
                context.graphql_document,
                operation_name=context.operation_name,
                variables=context.variables,
            )
            if cost is not None and cost > self.max_cost:
                # A result set before execution is the one returned: nothing resolves.
                context.result = ExecutionResult(data=None, errors=[over_budget(cost, self.max_cost)])
        yield
