"""Validation errors told in words a client can act on.

graphql-core stops validating a query whose overlapping fields would take too long to
compare (``{ repositories { name name name ... } }``, about 2,000 times) and answers
only "Validation aborted.", which names neither the cause nor the fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

ABORTED = "Validation aborted."
TOO_COMPLEX = (
    "Validation aborted: the query repeats or overlaps too many fields to check "
    "(one field asked for many times, or aliases and fragments over the same fields). "
    "Ask for each field once."
)


class ExplainedValidation(SchemaExtension):
    """Validates the document itself (Strawberry then skips its own run) and rewords
    graphql-core's bare abort."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.validation_rules and context.pre_execution_errors is None and context.graphql_document:
            errors = validate_document(
                context.schema._schema, context.graphql_document, context.validation_rules
            )
            context.pre_execution_errors = [_explained(error) for error in errors]
        yield


def _explained(error: GraphQLError) -> GraphQLError:
    if error.message != ABORTED:
        return error
    return GraphQLError(TOO_COMPLEX, error.nodes, original_error=None)
