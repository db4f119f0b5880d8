"""Values made from a story for an audience, made once while the story is in use.

A build renders and checks several drafts of each story: the view of it an audience may see
(with its derived facts), the plain data the view's templates are rendered with, and what that
view supports are made once and shared by those drafts. Only the last few stories' values are
kept, so a build of thousands holds no more than a few.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from kit.story import Story

T = TypeVar("T")
K = TypeVar("K")  # the object a value is made from


class _Recent(Generic[T]):
    """The last `size` values made, each kept with the object it was made from."""

    def __init__(self, size: int):
        self.size = size
        self.values: OrderedDict[Hashable, tuple[object, T]] = OrderedDict()

    def _value(self, key: Hashable, of: object, make: Callable[[], T]) -> T:
        hit = self.values.get(key)
        if hit is not None and hit[0] is of:  # an object is never changed; its id may be reused once it is gone
            self.values.move_to_end(key)
            return hit[1]
        value = make()
        self.values[key] = (of, value)
        if len(self.values) > self.size:
            self.values.popitem(last=False)
        return value


class PerStory(_Recent[T]):
    """`make(story, audience)`, remembered for the last `size` (story, audience) pairs asked for."""

    def __init__(self, make: Callable[[Story, str], T], size: int = 64):
        super().__init__(size)
        self.make = make

    def __call__(self, story: Story, audience: str) -> T:
        return self._value((id(story), str(audience)), story, lambda: self.make(story, audience))


class PerObject(_Recent[T], Generic[K, T]):
    """`make(obj)`, remembered for the last `size` objects asked for (a story's view, say)."""

    def __init__(self, make: Callable[[K], T], size: int = 64):
        super().__init__(size)
        self.make = make

    def __call__(self, obj: K) -> T:
        return self._value(id(obj), obj, lambda: self.make(obj))
