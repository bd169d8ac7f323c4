"""The textbook's reference network reaches its published accuracy on full MNIST."""

import pytest

from layerlab.data import find_mnist_folder, load_mnist_folder

pytestmark = pytest.mark.slow


@pytest.mark.skipif(find_mnist_folder() is None, reason="full MNIST IDX files not present")
def test_reference_network_reaches_97_5_percent_on_the_10k_test_set():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    from bench_mnist_accuracy import train_and_test

    train, test = load_mnist_folder(find_mnist_folder())
    acc, _ = train_and_test(train, test, epochs=20)
    assert acc >= 0.975
