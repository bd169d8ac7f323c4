"""Train the pretrained digit classifier shipped in src/layerlab/resources/pretrained/.

Reads the network from ``digits.json`` there and writes ``digits.npz`` beside it. Trains on the
60,000 MNIST training digits (from $LAYERLAB_MNIST_DIR, ~/.cache/layerlab/mnist or
../shared/data/mnist) plus one augmented copy of each: a random rotation, aspect change and
shear, sometimes thicker strokes, then LayerLab's own MNIST preprocessing (crop, longer side to
20 px by area averaging, centre of mass to the centre), so the network sees digits as the drawing
pad will hand them over. Deterministic for a given --seed; prints the 10k test accuracy and,
when ../shared/data/pendigits is present, the accuracy on replayed pen strokes.

Run: python tools/train_pretrained.py [--epochs 4] [--seed 0] [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from layerlab.data import find_mnist_folder, load_mnist_folder
from layerlab.data.digits import Preprocessor, preprocess, render_strokes
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.trainer import Trainer

REPO = Path(__file__).resolve().parents[1]
PRETRAINED = REPO / "src" / "layerlab" / "resources" / "pretrained"
PENDIGITS = REPO.parent / "shared" / "data" / "pendigits" / "strokes_train.npz"
WARP_SIZE = 40  # warped digits land on a 40x40 field so that nothing is clipped


def warp(images: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Random affine warps (rotation, per-axis scale, shear) of (n, 28, 28) images, bilinear."""
    n = len(images)
    ang = rng.uniform(-0.2, 0.2, n)
    sy, sx = rng.uniform(0.8, 1.15, (2, n))
    shear = rng.uniform(-0.3, 0.3, n)
    cos, sin = np.cos(ang), np.sin(ang)
    # Forward map in (y, x): rotation @ shear @ scale; sample with its inverse.
    a = np.empty((n, 2, 2))
    a[:, 0, 0], a[:, 0, 1] = cos * sy, (cos * shear - sin) * sx
    a[:, 1, 0], a[:, 1, 1] = sin * sy, (sin * shear + cos) * sx
    inv = np.linalg.inv(a)
    g = np.arange(WARP_SIZE) - (WARP_SIZE - 1) / 2
    gy, gx = g[:, None], g[None, :]
    src_y = inv[:, 0, 0, None, None] * gy + inv[:, 0, 1, None, None] * gx + 13.5 + 1
    src_x = inv[:, 1, 0, None, None] * gy + inv[:, 1, 1, None, None] * gx + 13.5 + 1
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1)))  # zeros around: outside samples are 0
    y0 = np.clip(np.floor(src_y), 0, 28).astype(np.intp)
    x0 = np.clip(np.floor(src_x), 0, 28).astype(np.intp)
    fy = np.clip(src_y - y0, 0, 1).astype(np.float32)
    fx = np.clip(src_x - x0, 0, 1).astype(np.float32)
    k = np.arange(n)[:, None, None]
    top = padded[k, y0, x0] * (1 - fx) + padded[k, y0, x0 + 1] * fx
    bottom = padded[k, y0 + 1, x0] * (1 - fx) + padded[k, y0 + 1, x0 + 1] * fx
    return (top * (1 - fy) + bottom * fy).astype(np.float32)


def thicken(images: np.ndarray) -> np.ndarray:
    """Grey dilation with a 3x3 cross: strokes about two pixels thicker."""
    out = images.copy()
    np.maximum(out[:, 1:], images[:, :-1], out=out[:, 1:])
    np.maximum(out[:, :-1], images[:, 1:], out=out[:, :-1])
    np.maximum(out[:, :, 1:], images[:, :, :-1], out=out[:, :, 1:])
    np.maximum(out[:, :, :-1], images[:, :, 1:], out=out[:, :, :-1])
    return out


def augment(images: np.ndarray, rng: np.random.Generator, chunk: int = 5000) -> np.ndarray:
    """One augmented, re-preprocessed copy of (n, 28, 28) images in [0, 1]."""
    out = np.empty_like(images)
    prep = Preprocessor((WARP_SIZE, WARP_SIZE))
    for start in range(0, len(images), chunk):
        part = warp(images[start : start + chunk], rng)
        fat = rng.random(len(part)) < 0.3
        part[fat] = thicken(part[fat])
        for i, img in enumerate(part):
            prep(img, out=out[start + i])
    return out


def pendigits_accuracy(net: Network, path: Path, pen_width: float = 28.0) -> float:
    """Accuracy on every pen trajectory of the pendigits file, drawn and preprocessed."""
    with np.load(path, allow_pickle=False) as f:
        pts, so, do, labels = f["points"], f["stroke_offsets"], f["digit_offsets"], f["labels"]
    x = np.empty((len(labels), 28, 28, 1), np.float32)
    canvas = np.zeros((280, 280), np.float32)
    prep = Preprocessor(canvas.shape)
    for i in range(len(labels)):
        strokes = [pts[so[j] : so[j + 1]] for j in range(do[i], do[i + 1])]
        prep(render_strokes(strokes, pen_width=pen_width, out=canvas), out=x[i, :, :, 0])
    return float(net.evaluate(x, labels.astype(np.int32))[1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=PRETRAINED)
    args = ap.parse_args()
    folder = find_mnist_folder()
    if folder is None:
        print("full MNIST not found: set LAYERLAB_MNIST_DIR to a folder of the four IDX files")
        return 1
    train, test = load_mnist_folder(folder)
    spec = NetworkSpec.load(PRETRAINED / "digits.json")
    spec = NetworkSpec.from_dict({**spec.to_dict(), "seed": args.seed})
    rng = np.random.default_rng(args.seed)
    t0 = time.perf_counter()
    extra = augment(train.x[..., 0], rng)[..., None]
    print(f"augmented {len(extra)} digits in {time.perf_counter() - t0:.1f} s", flush=True)
    x = np.concatenate([train.x, extra])
    y = np.concatenate([train.y, train.y])
    net = Network(spec)
    trainer = Trainer(net, (x, y), val=(test.x, test.y), seed=args.seed)
    t0 = time.perf_counter()
    trainer.fit(
        args.epochs,
        on_epoch=lambda m: print(
            f"epoch {m['epoch']:.0f}: loss {m['loss']:.4f}, train acc {m['accuracy']:.4f}, "
            f"test acc {m['val_accuracy']:.4f} ({time.perf_counter() - t0:.0f} s)",
            flush=True,
        ),
    )
    _, acc, _ = net.evaluate(test.x, test.y)
    _, acc_pre, _ = net.evaluate(np.stack([preprocess(i) for i in test.x[..., 0]]), test.y)
    args.out.mkdir(parents=True, exist_ok=True)
    net.save_weights(args.out / "digits.npz")
    print(f"MNIST test accuracy: {acc:.4f} (10,000 digits; target >= 0.97)")
    print(f"MNIST test accuracy after LayerLab's preprocessing: {acc_pre:.4f}")
    if PENDIGITS.is_file():
        print(f"pendigits accuracy (pen 28 px): {pendigits_accuracy(net, PENDIGITS):.4f}")
    print(f"wrote {args.out / 'digits.npz'}")
    return 0 if acc >= 0.97 else 2


if __name__ == "__main__":
    sys.exit(main())
