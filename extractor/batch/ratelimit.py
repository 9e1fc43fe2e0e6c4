"""A requests-per-minute limit for asyncio: starts are spaced evenly, 60/rpm seconds apart."""

from __future__ import annotations

import asyncio
import time


class RateLimiter:
    """Lets at most `rpm` acquisitions through per minute, evenly spaced (no bursts that trip a 429)."""

    def __init__(self, rpm: float) -> None:
        if rpm <= 0:
            raise ValueError(f"--rpm must be positive, got {rpm}")
        self.interval = 60.0 / rpm
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        """Wait for the next free slot."""
        async with self._lock:
            now = time.monotonic()
            wait = self._next - now
            self._next = max(now, self._next) + self.interval
        if wait > 0:
            await asyncio.sleep(wait)


__all__ = ["RateLimiter"]
