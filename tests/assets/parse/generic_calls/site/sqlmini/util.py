from typing_extensions import Self as Self
