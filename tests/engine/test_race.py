"""OptimizerRace: same weights, same batches, lockstep curves, divergence of one racer only."""

import time

import numpy as np
import pytest

from layerlab.data import load_dataset
from layerlab.engine.network import Network
from layerlab.engine.race import DEFAULT_RACERS, OptimizerRace, RaceRunner, racer_name
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.trainer import Trainer

CIRCLE_NET = {"input": {"shape": [2]}, "seed": 3, "batch_size": 10,
              "loss": "softmax_cross_entropy", "layers": [
                  {"id": "h", "kind": "Dense", "units": 8, "activation": "tanh"},
                  {"id": "out", "kind": "Dense", "units": 2}]}  # fmt: skip
MNIST_MLP = {"input": {"shape": [28, 28, 1]}, "seed": 0, "batch_size": 100, "init": "he_normal",
             "loss": "softmax_cross_entropy", "layers": [
                 {"id": "flat", "kind": "Flatten"},
                 {"id": "fc1", "kind": "Dense", "units": 32, "activation": "relu"},
                 {"id": "fc2", "kind": "Dense", "units": 10}]}  # fmt: skip
ADAM = {"kind": "adam", "lr": 0.03}


@pytest.fixture(scope="module")
def circle():
    return load_dataset("circle")  # 160 training rows: 16 steps per epoch of 10


def circle_race(circle, optimizers, **kw) -> OptimizerRace:
    return OptimizerRace(NetworkSpec.from_dict(CIRCLE_NET), circle.train, circle.val,
                         optimizers, **kw)  # fmt: skip


def test_every_racer_starts_from_the_spec_seeds_weights(circle):
    race = circle_race(circle, DEFAULT_RACERS)
    alone = Network(NetworkSpec.from_dict(CIRCLE_NET)).P
    assert len(race.trainers) == 5
    for t in race.trainers:
        np.testing.assert_array_equal(t.net.P, alone)
    nets = {id(t.net) for t in race.trainers}
    assert len(nets) == 5  # one network each: training one leaves the others alone


def test_default_racers_are_the_textbooks_five_with_its_learning_rates():
    names = [racer_name(o) for o in DEFAULT_RACERS]
    assert names == ["SGD (0.01)", "Momentum (0.01)", "AdaGrad (0.01)", "RMSProp (0.001)",
                     "Adam (0.001)"]  # fmt: skip


def test_racers_with_the_same_optimizer_have_identical_curves_and_weights(circle):
    race = circle_race(circle, [ADAM, ADAM])
    assert race.names == ["Adam (0.03)", "Adam (0.03) #2"]
    assert race.step(40) == 40  # crosses two epoch ends (16 steps each)
    a, b = race.snapshot().racers
    assert len(a.losses) == 40 and np.all(np.isfinite(a.losses))
    np.testing.assert_array_equal(a.losses, b.losses)
    np.testing.assert_array_equal(a.val_accuracy, b.val_accuracy)
    np.testing.assert_array_equal(race.trainers[0].net.P, race.trainers[1].net.P)


def test_a_racer_sees_the_batches_a_trainer_alone_sees(circle):
    race = circle_race(circle, [{"kind": "sgd", "lr": 0.1}, ADAM])
    race.step(7)
    race.step(30)  # chunks of 7, 9 (to the epoch end), 16, 5
    adam = race.snapshot().racers[1]
    alone = Trainer(Network(NetworkSpec.from_dict(CIRCLE_NET)), circle.train, circle.val, ADAM,
                    batch_size=10, seed=3)  # fmt: skip
    losses = np.concatenate([alone.run_chunk(37 - alone.step).losses for _ in range(3)])
    assert alone.step == 37
    np.testing.assert_array_equal(adam.losses, losses)
    assert len(adam.val_accuracy) == 3  # untrained, then after epochs 1 and 2
    assert adam.val_accuracy[1:].tolist() == pytest.approx(alone.history.column("val_accuracy"))
    assert adam.val_loss[1:].tolist() == pytest.approx(alone.history.column("val_loss"))


def test_validation_starts_with_the_shared_untrained_weights(circle):
    race = circle_race(circle, [{"kind": "sgd", "lr": 0.1}, ADAM])
    before = Network(NetworkSpec.from_dict(CIRCLE_NET)).evaluate(circle.val.x, circle.val.y)
    for r in race.snapshot().racers:
        assert r.val_loss.tolist() == pytest.approx([before[0]])
        assert r.val_accuracy.tolist() == pytest.approx([before[1]])
    race.step(16)
    snap = race.snapshot()
    assert [len(r.val_accuracy) for r in snap.racers] == [2, 2]
    assert snap.racers[0].val_loss[1] != snap.racers[1].val_loss[1]


def test_a_diverging_racer_stops_with_a_reason_and_the_others_go_on(circle):
    race = circle_race(circle, [{"kind": "sgd", "lr": 1000.0}, ADAM])
    race.step(20)
    race.step(20)
    wild, calm = race.snapshot().racers
    assert wild.diverged is not None and "Lower the learning rate (now 1000)" in wild.diverged
    assert len(wild.losses) <= 20  # stopped at its first chunk's check
    assert calm.diverged is None and len(calm.losses) == 40 and race.step_count == 40
    solo = circle_race(circle, [ADAM])
    solo.step(40)
    np.testing.assert_array_equal(calm.losses, solo.snapshot().racers[0].losses)
    assert not race.finished


def test_a_non_finite_loss_marks_the_racer_diverged(circle):
    spec = {**CIRCLE_NET, "loss": "mse", "layers": [
        {"id": "h", "kind": "Dense", "units": 8, "activation": "tanh"},
        {"id": "out", "kind": "Dense", "units": 1}]}  # fmt: skip
    race = OptimizerRace(NetworkSpec.from_dict(spec), circle.train, circle.val,
                         [{"kind": "sgd", "lr": 1e6}, {"kind": "sgd", "lr": 0.01}])  # fmt: skip
    race.step(16)
    wild, calm = race.snapshot().racers
    assert "the loss became" in wild.diverged and np.all(np.isfinite(wild.losses))
    assert len(wild.losses) < 16 and len(calm.losses) == 16


def test_all_racers_diverged_finishes_the_race(circle):
    race = circle_race(circle, [{"kind": "sgd", "lr": 1000.0}])
    race.step(16)
    assert race.finished and race.step(16) == 0


def test_the_race_stops_after_its_epochs(circle):
    race = circle_race(circle, [ADAM], epochs=2)
    assert race.step(100) == 32 and race.finished
    assert race.step(5) == 0
    assert len(race.snapshot().racers[0].val_accuracy) == 3


def test_a_bad_optimizer_is_named_by_its_place():
    with pytest.raises(ValueError, match="racer 2: unknown optimizer 'adamm'"):
        OptimizerRace(NetworkSpec.from_dict(CIRCLE_NET), (np.zeros((4, 2)), np.zeros(4)), None,
                      [ADAM, {"kind": "adamm"}])  # fmt: skip
    with pytest.raises(ValueError, match="at least one"):
        OptimizerRace(NetworkSpec.from_dict(CIRCLE_NET), (np.zeros((4, 2)), np.zeros(4)), None, [])


def test_adam_beats_sgd_on_mnist_as_in_the_textbooks_figure_6_9():
    """784-32-10 ReLU on the bundled 4,500 training digits, batches of 100, 200 steps, seed 0.

    Measured mean loss of the last 20 steps: SGD 1.18, Momentum 0.35, AdaGrad 0.30,
    RMSProp 0.28, Adam 0.34 (all from 2.37 at step 1).
    """
    splits = load_dataset("mnist5k")
    race = OptimizerRace(NetworkSpec.from_dict(MNIST_MLP), splits.train, splits.val)
    assert race.step(200) == 200
    tail = {r.name: float(r.losses[-20:].mean()) for r in race.snapshot().racers}
    sgd = tail.pop("SGD (0.01)")
    assert tail["Adam (0.001)"] < 0.5 * sgd
    assert max(tail.values()) < sgd and sgd < 1.5  # SGD learns too, only slower


def test_runner_steps_in_the_background_until_paused(circle):
    runner = RaceRunner(lambda: circle_race(circle, [ADAM, {"kind": "sgd", "lr": 0.1}]))
    runner.start()
    deadline = time.monotonic() + 60
    while (runner.race is None or runner.race.step_count < 50) and time.monotonic() < deadline:
        time.sleep(0.01)
    runner.pause()
    assert not runner.running and runner.error is None
    steps = runner.race.step_count
    assert steps >= 50 and runner.chunk >= 1
    time.sleep(0.05)
    assert runner.race.step_count == steps
    snap = runner.race.snapshot()
    assert [len(r.losses) for r in snap.racers] == [steps, steps]
    runner.start()  # resumes the same race
    while runner.race.step_count == steps and time.monotonic() < deadline:
        time.sleep(0.01)
    runner.pause()
    assert runner.race.step_count > steps


def test_runner_keeps_the_builders_error_as_a_message(circle):
    def build():
        return OptimizerRace(NetworkSpec.from_dict(MNIST_MLP), circle.train, circle.val)

    runner = RaceRunner(build)
    runner.start()
    runner._thread.join(60)
    assert runner.race is None and "training inputs have 2 values" in runner.error


def test_runner_reset_forgets_the_race_and_builds_anew(circle):
    builds = []

    def build():
        builds.append(1)
        return circle_race(circle, [ADAM], epochs=1)

    runner = RaceRunner(build)
    runner.start()
    runner._thread.join(60)  # one epoch, then the thread ends by itself
    assert runner.race.finished and runner.race.step_count == 16
    runner.halt()
    runner.reset()
    assert runner.race is None and not runner.running
    runner.start()
    runner._thread.join(60)
    assert len(builds) == 2 and runner.race.step_count == 16


def test_a_snapshot_never_changes_under_its_reader(circle):
    race = circle_race(circle, [ADAM])
    race.step(20)
    early = race.snapshot().racers[0].losses
    kept = early.copy()
    assert not early.flags.writeable
    race.step(1500)  # past the first buffer's 1024 steps: the buffer grows
    np.testing.assert_array_equal(early, kept)
    later = race.snapshot().racers[0].losses
    assert len(later) == 1520
    np.testing.assert_array_equal(later[:20], kept)
