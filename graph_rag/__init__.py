"""graph-rag: a code knowledge graph over Bolt for LLM agents."""

__version__ = "0.1.0"
