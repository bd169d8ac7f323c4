"""Thinning series for plots: evenly spread indices, and block means."""

from __future__ import annotations

import numpy as np

from layerlab.app.views.series import block_means, thin


def test_thin_keeps_first_last_and_at_most_the_asked_records() -> None:
    assert thin(5, 400).tolist() == [0, 1, 2, 3, 4]
    idx = thin(4096, 400)
    assert len(idx) <= 400 and idx[0] == 0 and idx[-1] == 4095
    assert np.all(np.diff(idx) > 0) and np.diff(idx).max() <= 4096 // 399 + 1


def test_block_means_keep_short_series_and_average_long_ones() -> None:
    x = np.arange(10.0)
    y = np.stack([x, -x], axis=1)
    assert block_means(x, y, 10)[0] is x
    bx, by = block_means(x, y, 4)  # blocks of 3, the oldest step dropped: 1-3, 4-6, 7-9
    np.testing.assert_allclose(bx, [2.0, 5.0, 8.0])
    np.testing.assert_allclose(by, [[2.0, -2.0], [5.0, -5.0], [8.0, -8.0]])
