"""Pickled with its bulky attributes packed apart, and unpacked only when first read.

The disk cache keeps every file's parse and every table: a warm national
check needs the models of 13,000 files but the positions of the few it
reports on, and (its rules over the responses kept, ``load.memo``) none of
the 1.2 million survey rows. Packed, they stay bytes unless a run reads them:
a third of the time and memory of loading the cache.
"""

from __future__ import annotations

import pickle
from typing import Any, ClassVar


class Packed:
    #: the attributes packed together (a dataclass's fields)
    PACKED: ClassVar[tuple[str, ...]] = ()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        if "_packed" not in state:
            values = tuple(state.pop(name) for name in self.PACKED)
            state["_packed"] = pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL)
        return state

    def __getattr__(self, name: str) -> Any:
        # Only for attributes not set: the packed ones of an object unpickled and not yet read.
        packed = self.__dict__.get("_packed")
        if packed is None or name not in self.PACKED:
            raise AttributeError(name)
        self.__dict__.update(zip(self.PACKED, pickle.loads(packed)))
        del self.__dict__["_packed"]
        return self.__dict__[name]
