"""Building ``builtins`` before the first file (graph_rag/parse/builder.py): its methods'
``__class__`` nodes are shared per class, and astroid's own builder is put back after."""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    from astroid import raw_building
    from astroid.manager import AstroidManager
    from graph_rag.parse.builder import prebuild_externals

    original = raw_building._add_dunder_class
    prebuild_externals()
    builtins = AstroidManager().astroid_cache["builtins"]
    def dunder_class(klass, method):
        return builtins[klass].locals[method][0].instance_attrs["__class__"][0]

    bit_length, to_bytes = dunder_class("int", "bit_length"), dunder_class("int", "to_bytes")
    append = dunder_class("list", "append")
    restored = raw_building._add_dunder_class is original
    print(bit_length.name, bit_length is to_bytes, bit_length is append, restored)
    """
)


def test_methods_of_a_builtin_class_share_one_class_node_and_astroid_is_put_back() -> None:
    # A fresh interpreter: builtins is built once per process, by whoever asks first.
    run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["method_descriptor", "True", "False", "True"]
