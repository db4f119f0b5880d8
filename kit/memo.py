"""Values made from a story for an audience, made once while the story is in use.

A build renders and checks several drafts of each story: the view of it an audience may see
(with its derived facts) and what that view supports are made once and shared by those drafts.
Only the last few stories' values are kept, so a build of thousands holds no more than a few.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from kit.story import Story

T = TypeVar("T")


class PerStory(Generic[T]):
    """`make(story, audience)`, remembered for the last `size` (story, audience) pairs asked for."""

    def __init__(self, make: Callable[[Story, str], T], size: int = 64):
        self.make = make
        self.size = size
        self.values: OrderedDict[tuple[int, str], tuple[Story, T]] = OrderedDict()

    def __call__(self, story: Story, audience: str) -> T:
        key = (id(story), str(audience))
        hit = self.values.get(key)
        if hit is not None and hit[0] is story:  # a story object is never changed; its id may be reused once it is gone
            self.values.move_to_end(key)
            return hit[1]
        value = self.make(story, audience)
        self.values[key] = (story, value)
        if len(self.values) > self.size:
            self.values.popitem(last=False)
        return value
