"""DigitPredictor: the shipped network, the user's network while and after training, Monte-Carlo
dropout, fine-tuning on the user's digits, and weights copied only when asked for."""

import json
from types import SimpleNamespace

import numpy as np
import pytest

from layerlab.app.digit_predictor import MC_PASSES, DigitPredictor, _WeightMailbox, softmax_rows
from layerlab.data import load_bundled_mnist
from layerlab.data.digits import pretrained_paths
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec

from .test_training import window  # noqa: F401 (a real Session behind a MainWindow)


@pytest.fixture(scope="module")
def mnist():
    return load_bundled_mnist()


@pytest.fixture
def shipped(qapp):
    p = DigitPredictor()
    p.prepare(wait=True)
    return p


def shipped_net(batch=1) -> Network:
    spec_path, weights_path = pretrained_paths()
    net = Network(NetworkSpec.load(spec_path), batch_size=batch)
    net.load_weights(weights_path)
    return net


def with_dropout(tmp_path, rate=0.5):
    """The shipped spec with a Dropout layer before its last layer; the same weights fit."""
    spec_path, weights_path = pretrained_paths()
    d = json.loads(spec_path.read_text())
    d["layers"].insert(-1, {"id": "drop", "kind": "Dropout", "rate": rate})
    path = tmp_path / "digits_dropout.json"
    path.write_text(json.dumps(d))
    return path, weights_path


def test_shipped_network_gives_softmax_of_its_logits(shipped, mnist):
    image = mnist.x[:3, :, :, 0]
    net = shipped_net(batch=3)
    expected = softmax_rows(net.forward(image[..., None]))
    for i in range(3):
        probs = shipped.predict(image[i])
        np.testing.assert_allclose(probs, expected[i], rtol=1e-5, atol=1e-7)
        assert probs.sum() == pytest.approx(1.0, abs=1e-5)
        assert int(np.argmax(probs)) == mnist.y[i]
    assert shipped.source == "shipped" and shipped.std is None and not shipped.has_mc_dropout


def test_first_layer_feature_maps_are_the_conv_outputs(shipped, mnist):
    shipped.predict(mnist.x[0, :, :, 0])
    layer_id, count, tiles = shipped.features()
    net = shipped_net()
    net.forward(mnist.x[:1])
    conv = net.activations()["conv1"][0]  # (28, 28, 8)
    assert (layer_id, count) == ("conv1", 8)
    assert tiles.shape == (28, 8 * 29 - 1)
    np.testing.assert_allclose(tiles[:, 29 * 3 : 29 * 3 + 28], conv[:, :, 3], rtol=1e-6)
    assert np.isnan(tiles[:, 28]).all()  # the transparent gap between maps


def test_mc_dropout_gives_a_spread_and_the_mean_of_the_passes(qapp, tmp_path, mnist):
    p = DigitPredictor(pretrained=with_dropout(tmp_path))
    p.prepare(wait=True)
    assert p.has_mc_dropout
    image = mnist.x[7, :, :, 0]
    probs = p.predict(image)
    std = p.std
    assert std.shape == (10,) and std.max() > 0.01
    assert probs.sum() == pytest.approx(1.0, abs=1e-5)
    passes = softmax_rows(p.model.net.forward(np.repeat(image[None, ..., None], 20, 0), True))
    assert not np.allclose(passes[0], passes[1])  # the passes differ: dropout is on
    np.testing.assert_array_equal(p.predict(image), probs)  # reseeded: same drawing, same answer
    np.testing.assert_array_equal(p.std, std)
    assert MC_PASSES == 20


def test_mc_dropout_is_off_when_batch_norm_would_see_the_copies(qapp, tmp_path):
    spec = {"input": {"shape": [784]}, "layers": [
        {"id": "fc1", "kind": "Dense", "units": 16}, {"id": "bn", "kind": "BatchNorm"},
        {"id": "drop", "kind": "Dropout", "rate": 0.5},
        {"id": "fc2", "kind": "Dense", "units": 10}]}  # fmt: skip
    spec_path = tmp_path / "bn.json"
    spec_path.write_text(json.dumps(spec))
    weights = tmp_path / "bn.npz"
    Network(NetworkSpec.from_dict(spec)).save_weights(weights)
    p = DigitPredictor(pretrained=(spec_path, weights))
    p.prepare(wait=True)
    assert not p.has_mc_dropout
    p.predict(np.full((28, 28), 0.5, np.float32))
    assert p.std is None


def test_weight_mailbox_copies_once_per_request_and_only_for_the_same_training():
    box = _WeightMailbox()
    trainer = SimpleNamespace(step=5, history=object())
    session = SimpleNamespace(
        net=SimpleNamespace(P=np.arange(4, dtype=np.float32)), trainer=trainer
    )
    key = (session.net, trainer, trainer.history)
    box.on_chunk(session, None)
    into = np.zeros(4, np.float32)
    assert box.take(key, into) == -1  # nobody asked: nothing copied
    box.want = True
    box.on_chunk(session, None)
    assert not box.want
    session.net.P[:] = 9  # later chunks do not overwrite the staged copy
    box.on_chunk(session, None)
    assert box.take((session.net, trainer, object()), into) == -1  # after a reset: refused
    assert box.take(key, into) == 5
    np.testing.assert_array_equal(into, np.arange(4))


def _draw_view(main_window, qtbot):
    main_window._docks["draw_pad"].setVisible(True)
    view = main_window._docks["draw_pad"].widget().ensure_built()
    qtbot.waitUntil(lambda: view.predictor.ready, timeout=60_000)
    return view


def test_user_network_answers_after_one_training_chunk_with_its_weights(window, qtbot):  # noqa: F811
    view = _draw_view(window, qtbot)
    view.predictor.sync()
    assert view.predictor.source == "shipped"
    with qtbot.waitSignal(window.session.stopped, timeout=180_000):
        window.training.step_batch_clicked.emit()
    view.pad.add_stroke([[140, 50], [140, 230]])
    assert view.update_prediction()
    assert view.predictor.source == "user" and view.predictor.user_step == 1
    assert "step 1" in view.source_label.text()
    net = window.session.net
    np.testing.assert_array_equal(view.predictor.model.net.P, net.P)
    assert view.predictor.model.net is not net  # a private copy, batch size 1
    expected = softmax_rows(net.forward(view.last_input().reshape(1, 784)))[0]
    np.testing.assert_allclose(view.probs, expected, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(view.bars.opts["height"], expected, rtol=1e-5, atol=1e-7)
    window.session.reset()  # step 0: the shipped network answers again
    view.predictor.sync()
    assert view.predictor.source == "shipped"


def test_copy_follows_training_while_it_runs(window, qtbot):  # noqa: F811
    view = _draw_view(window, qtbot)
    window.training.epochs.setValue(2)
    steps_seen = set()
    window.training.train_button.click()
    while window.session.running:
        view.predictor.sync()
        steps_seen.add(view.predictor.user_step)
        qtbot.wait(5)
    qtbot.waitUntil(lambda: window.session.state == "finished", timeout=180_000)
    view.predictor.sync()
    assert view.predictor.user_step == window.session.trainer.step > 1
    np.testing.assert_array_equal(view.predictor.model.net.P, window.session.net.P)
    assert all(s <= window.session.trainer.step for s in steps_seen)


def test_fine_tune_answers_with_a_trained_copy_until_forgotten(shipped, qtbot, mnist):
    x, y = mnist.x[::250, :, :, 0], (mnist.y[::250] + 1) % 10  # 20 digits, deliberately relabelled
    before = shipped.model.net.P.copy()
    with qtbot.waitSignal(shipped.fine_tune_finished, timeout=120_000) as blocker:
        assert shipped.fine_tune(x, y, epochs=30)
        assert not shipped.fine_tune(x, y)  # one at a time
    assert blocker.args == [True, ""]
    assert shipped.source == "fine_tuned"
    assert not np.array_equal(shipped.model.net.P, before)
    acc_before, acc_after = shipped.tune_accuracy
    assert acc_before <= 0.1 and acc_after > acc_before
    np.testing.assert_array_equal(shipped._shipped.net.P, before)  # the original is untouched
    shipped.forget_fine_tuning()
    assert shipped.source == "shipped"
