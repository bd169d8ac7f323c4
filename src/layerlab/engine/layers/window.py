"""Sliding-window geometry shared by Conv2D and the pooling layers."""

from __future__ import annotations

from dataclasses import dataclass

from layerlab.engine.errors import LayerShapeError


@dataclass(frozen=True)
class Window:
    """Output size and top/left padding of a (kh, kw) window sliding with (sh, sw)."""

    oh: int
    ow: int
    pt: int
    pl: int


def _axis(size: int, k: int, s: int, padding: str | int) -> tuple[int, int]:
    if padding == "same":
        out = -(-size // s)
        total = max((out - 1) * s + k - size, 0)
        return out, total // 2
    pad = 0 if padding == "valid" else int(padding)
    return (size + 2 * pad - k) // s + 1, pad


def window(
    kind: str,
    layer_id: str,
    hw: tuple[int, int],
    k: tuple[int, int],
    s: tuple[int, int],
    padding: str | int,
) -> Window:
    """Geometry of a window over an h x w input, or LayerShapeError saying what to change."""
    h, w = hw
    pad = 0 if padding in ("same", "valid") else int(padding)
    if padding != "same" and (k[0] > h + 2 * pad or k[1] > w + 2 * pad):
        what = "kernel" if kind == "Conv2D" else "pool window"
        raise LayerShapeError(
            "window_too_large",
            f"{kind} '{layer_id}': {what} {k[0]}x{k[1]} is larger than its {h}x{w} input; "
            "use a smaller size, padding 'same', or remove a pooling layer before it",
        )
    if padding != "same" and pad * 2 >= k[0] + h:
        raise LayerShapeError("padding_too_large", f"{kind} '{layer_id}': padding {pad} too big")
    if kind != "Conv2D" and pad >= min(k):  # a window of padding alone has no value to pool
        raise LayerShapeError(
            "padding_too_large",
            f"{kind} '{layer_id}': padding {pad} must be smaller than the pool window "
            f"{k[0]}x{k[1]}",
        )
    oh, pt = _axis(h, k[0], s[0], padding)
    ow, pl = _axis(w, k[1], s[1], padding)
    return Window(oh, ow, pt, pl)
