"""Which operation of a document runs: the one ``operationName`` names, or the only one.

The GraphQL spec (GetOperation, section 6.1) refuses a document of several operations
sent without a name; Strawberry ran the first of them, so an agent that pasted two
queries got the answer to one and no word about the other.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import ExecutionResult, GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

UNNAMED = "Must provide operation name if query contains multiple operations."


class OperationNameRequired(SchemaExtension):
    """Refuses, before execution, a document of several operations sent without a name."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        # ``operation_name`` falls back to the first operation's; what the request sent
        # is kept only under this private name (strawberry 0.341).
        sent = getattr(context, "_provided_operation_name", None)
        if document is not None and context.result is None and sent is None:
            operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
            if len(operations) > 1:
                # A result set before execution is the one returned: nothing resolves.
                context.result = ExecutionResult(data=None, errors=[GraphQLError(UNNAMED)])
        yield
