"""Test accuracy of the reference network (Dense(100)-BN-ReLU-Dense(10), Adam 1e-3, batch 100).

Trained 20 epochs on the full MNIST training set (needs ../shared/data/mnist or
$LAYERLAB_MNIST_DIR) and, for comparison, on the bundled 5k set; evaluated on the 10k test set.
Run: python benchmarks/bench_mnist_accuracy.py [--epochs 20]
"""

from __future__ import annotations

import argparse
import time

from layerlab.benchmark import example_spec
from layerlab.data import find_mnist_folder, load_bundled_mnist, load_mnist_folder
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.trainer import Trainer


def train_and_test(train, test, epochs: int, seed: int = 0) -> tuple[float, float]:
    """(test accuracy, seconds) after ``epochs`` epochs on ``train``."""
    spec = NetworkSpec.from_dict({**example_spec("reference_bn.json"), "seed": seed})
    net = Network(spec)
    trainer = Trainer(net, train)
    t0 = time.perf_counter()
    trainer.fit(epochs)
    seconds = time.perf_counter() - t0
    _, acc, _ = net.evaluate(test.x, test.y)
    return acc, seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--epochs", type=int, default=20)
    args = ap.parse_args()
    folder = find_mnist_folder()
    if folder is None:
        print("full MNIST not found: set LAYERLAB_MNIST_DIR")
        return 1
    train, test = load_mnist_folder(folder)
    acc, sec = train_and_test(train, test, args.epochs)
    print(
        f"full MNIST ({train.n} train), {args.epochs} epochs: test accuracy {acc:.4f} "
        f"({sec:.1f} s; target >= 0.975)"
    )
    acc5k, sec5k = train_and_test(load_bundled_mnist(), test, args.epochs)
    print(f"bundled 5k, {args.epochs} epochs: test accuracy {acc5k:.4f} ({sec5k:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
