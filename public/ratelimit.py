"""A per-client limit on the API: so many requests a minute from one address, then 429."""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse

from menaprogram.security_log import client_address
from public.cache import RENDERING_AHEAD

WINDOW_SECONDS = 60


def limited(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        rate = settings.PUBLIC_API_RATE_PER_MINUTE
        # The worker rendering the API ahead (public/ahead.py) is no client to limit.
        if rate and not request.META.get(RENDERING_AHEAD):
            window = int(time.time() // WINDOW_SECONDS)
            key = f"public:api-rate:{client_address(request)}:{window}"
            cache.add(key, 0, WINDOW_SECONDS + 5)
            try:
                count = cache.incr(key)
            except ValueError:  # evicted between add and incr
                count = 1
            if count > rate:
                response = JsonResponse(
                    {"detail": "Too many requests: try again in a minute."}, status=429
                )
                response["Retry-After"] = str(WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS)
                return response
        return view(request, *args, **kwargs)

    return wrapped
