from .langhelpers import memoized_property as memoized_property
