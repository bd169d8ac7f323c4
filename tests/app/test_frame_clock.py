"""FrameClock: refreshes stale visible views; under load fewer per tick, each in turn."""

from __future__ import annotations

from layerlab.app.frame_clock import MAX_STRIDE, FrameClock


class FakeSession:
    def __init__(self) -> None:
        self.step = 0

    def snapshot(self):
        class Snap:
            pass

        s = Snap()
        s.step = self.step
        return s


class FakeView:
    def __init__(self, visible: bool = True) -> None:
        self.drawn_step = -1
        self.visible = visible
        self.refreshes = 0

    def isVisible(self) -> bool:
        return self.visible

    def refresh(self, snap) -> None:
        self.drawn_step = snap.step
        self.refreshes += 1


class FakeTime:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def make(qtbot, n: int = 4):
    session, now = FakeSession(), FakeTime()
    clock = FrameClock(session, 30, now=now)
    clock._timer.stop()  # ticks driven by the test
    views = [FakeView() for _ in range(n)]
    for v in views:
        clock.add(v)
    return clock, session, now, views


def tick(clock, session, now, dt: float) -> None:
    now.t += dt
    session.step += 1
    clock._tick()


def test_on_time_every_stale_visible_view_refreshes(qtbot) -> None:
    clock, session, now, views = make(qtbot)
    views[3].visible = False
    for _ in range(5):
        tick(clock, session, now, 1 / 30)
    assert [v.refreshes for v in views] == [5, 5, 5, 0]
    assert clock.stride == 1.0
    clock._tick()  # same step: nothing is stale
    assert [v.refreshes for v in views] == [5, 5, 5, 0]


def test_late_ticks_refresh_fewer_views_in_turn_and_recover(qtbot) -> None:
    clock, session, now, views = make(qtbot)
    for _ in range(30):  # every tick arrives 3 frames late: the GUI is overloaded
        tick(clock, session, now, 3 / 30)
    assert clock.stride == MAX_STRIDE
    before = [v.refreshes for v in views]
    for _ in range(8):
        tick(clock, session, now, 3 / 30)
    done = [v.refreshes - b for v, b in zip(views, before, strict=True)]
    assert sum(done) == 8  # one view per tick (4 stale views / stride 8, at least one)
    assert done == [2, 2, 2, 2]  # least recently refreshed first: nobody starves
    for _ in range(100):  # on time again
        tick(clock, session, now, 1 / 30)
    assert clock.stride == 1.0
    before = [v.refreshes for v in views]
    tick(clock, session, now, 1 / 30)
    assert [v.refreshes - b for v, b in zip(views, before, strict=True)] == [1, 1, 1, 1]


def test_force_redraws_every_view_even_under_load(qtbot) -> None:
    clock, session, now, views = make(qtbot)
    for _ in range(30):
        tick(clock, session, now, 3 / 30)
    before = [v.refreshes for v in views]
    clock.force()
    assert [v.refreshes - b for v, b in zip(views, before, strict=True)] == [1, 1, 1, 1]
