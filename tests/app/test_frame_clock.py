"""FrameClock: refreshes stale visible views within a time budget per tick, each in turn."""

from __future__ import annotations

from layerlab.app.frame_clock import FrameClock


class FakeSession:
    def __init__(self) -> None:
        self.step = 0

    def snapshot(self):
        class Snap:
            pass

        s = Snap()
        s.step = self.step
        return s


class FakeTime:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


class FakeView:
    """Refreshing takes ``cost`` seconds of fake time; ``declines`` makes it return False."""

    def __init__(self, now: FakeTime, cost: float = 0.0, visible: bool = True) -> None:
        self.now, self.cost = now, cost
        self.drawn_step = -1
        self.visible = visible
        self.declines = False
        self.refreshes = 0

    def isVisible(self) -> bool:
        return self.visible

    def refresh(self, snap) -> bool | None:
        if self.declines:
            return False
        self.now.t += self.cost
        self.drawn_step = snap.step
        self.refreshes += 1
        return None  # a plain view: None counts as refreshed


def make(qtbot, costs: list[float], budget: float = 0.006):
    session, now = FakeSession(), FakeTime()
    clock = FrameClock(session, 60, now=now, budget_s=budget)
    clock._timer.stop()  # ticks driven by the test
    views = [FakeView(now, c) for c in costs]
    for v in views:
        clock.add(v)
    return clock, session, now, views


def tick(clock, session, now) -> None:
    now.t += 1 / 60
    session.step += 1
    clock._tick()


def counts(views) -> list[int]:
    return [v.refreshes for v in views]


def test_cheap_views_all_refresh_every_tick_hidden_ones_never(qtbot) -> None:
    clock, session, now, views = make(qtbot, [0.001] * 4)
    views[3].visible = False
    for _ in range(5):
        tick(clock, session, now)
    assert counts(views) == [5, 5, 5, 0]
    clock._tick()  # same step: nothing is stale
    assert counts(views) == [5, 5, 5, 0]


def test_expensive_views_share_the_ticks_in_turn(qtbot) -> None:
    # four views of 4 ms: two fit nowhere together in a 6 ms budget, so one per tick
    clock, session, now, views = make(qtbot, [0.004] * 4)
    for _ in range(2):  # the first ticks measure each view's cost
        tick(clock, session, now)
    before = counts(views)
    for _ in range(8):
        tick(clock, session, now)
    done = [c - b for c, b in zip(counts(views), before, strict=True)]
    assert done == [2, 2, 2, 2]  # least recently refreshed first: nobody starves


def test_a_view_over_the_budget_alone_still_refreshes(qtbot) -> None:
    clock, session, now, views = make(qtbot, [0.020, 0.001])
    for _ in range(6):
        tick(clock, session, now)
    assert views[0].refreshes >= 3 and views[1].refreshes >= 3
    assert abs(clock.cost[id(views[0])] - 0.020) < 1e-9


def test_cheap_views_fill_the_budget_beside_an_expensive_one(qtbot) -> None:
    clock, session, now, views = make(qtbot, [0.004, 0.0005, 0.0005])
    for _ in range(10):
        tick(clock, session, now)
    assert views[1].refreshes == views[2].refreshes == 10  # never wait for the heavy one
    assert views[0].refreshes >= 5


def test_a_declining_view_costs_no_turn_and_stays_stale(qtbot) -> None:
    clock, session, now, views = make(qtbot, [0.004, 0.004])
    views[0].declines = True  # rate-capped or off screen: refresh returns False
    for _ in range(4):
        tick(clock, session, now)
    assert counts(views) == [0, 4]
    assert views[0].drawn_step == -1 and id(views[0]) not in clock.cost
    views[0].declines = False
    tick(clock, session, now)
    assert views[0].refreshes == 1  # first in line: the least recently refreshed


def test_force_redraws_every_view_whatever_the_budget(qtbot) -> None:
    clock, session, now, views = make(qtbot, [0.010] * 4)
    for _ in range(4):
        tick(clock, session, now)
    before = counts(views)
    clock.force()
    assert [c - b for c, b in zip(counts(views), before, strict=True)] == [1, 1, 1, 1]


def test_a_history_row_that_comes_after_the_last_step_is_drawn(qtbot) -> None:
    """The worker moves the step counter, then appends the epoch's row: a view refreshed in
    between must be refreshed again although the step did not change."""
    clock, session, now, views = make(qtbot, [0.001])
    session.history = []
    session.snapshot = lambda: type("Snap", (), {"step": 5, "history": list(session.history)})
    clock._tick()
    assert views[0].refreshes == 1
    clock._tick()
    assert views[0].refreshes == 1  # nothing new
    session.history.append({"epoch": 1})
    clock._tick()
    assert views[0].refreshes == 2


class KeyedSession(FakeSession):
    """Has the cheap state_key(); counts the (costly) snapshots taken."""

    def __init__(self) -> None:
        super().__init__()
        self.snapshots = 0

    def state_key(self):
        return (self.step, 0, None)

    def snapshot(self):
        self.snapshots += 1
        return super().snapshot()


def test_while_nothing_changes_no_snapshot_is_taken(qtbot) -> None:
    session, now = KeyedSession(), FakeTime()
    clock = FrameClock(session, 60, now=now)
    clock._timer.stop()
    view = FakeView(now, 0.001)
    clock.add(view)
    clock._tick()
    assert view.refreshes == 1 and session.snapshots == 1
    for _ in range(10):
        clock._tick()  # idle: the key says every view is up to date
    assert session.snapshots == 1
    session.step += 1
    clock._tick()
    assert view.refreshes == 2 and session.snapshots == 2


def test_a_view_that_raises_does_not_hold_back_the_others(qtbot, caplog) -> None:
    clock, session, now, views = make(qtbot, [0.001, 0.001])

    def broken(snap):
        raise ValueError("broken view")

    views[0].refresh = broken
    for _ in range(5):
        tick(clock, session, now)
    assert views[1].refreshes == 5
    assert sum("refreshing" in r.getMessage() for r in caplog.records) == 1  # logged once


def test_a_30_hz_view_redraws_every_second_tick_of_the_60_hz_clock(qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    from layerlab.app.views.docks import LazyView

    class Counting(QLabel):
        def __init__(self) -> None:
            super().__init__("view")
            self.refreshes = 0

        def refresh(self, snap) -> None:
            self.refreshes += 1

    session, now = FakeSession(), FakeTime()
    lazy = LazyView(Counting, polled=True, max_hz=30, now=now)
    qtbot.addWidget(lazy)
    lazy.release()
    lazy.show()
    qtbot.waitExposed(lazy)
    view = lazy.ensure_built()
    qtbot.waitUntil(lazy._on_screen)
    clock = FrameClock(session, 60, now=now)
    clock._timer.stop()
    clock.add(lazy)
    for _ in range(60):  # one second of 16 ms ticks, a new step at each
        now.t += 0.016
        session.step += 1
        clock._tick()
    assert view.refreshes == 30
