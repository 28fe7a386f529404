from typing_extensions import Protocol as Protocol
from typing_extensions import TypedDict as TypedDict
