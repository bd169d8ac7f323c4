"""The `layerlab` command: the app (no arguments), `train`, `summary` and `bench`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily: the window must start without loading numba
    from layerlab.engine.spec import NetworkSpec
    from layerlab.engine.trainer import Trainer


def _progress(done: int, total: int, text: str, width: int = 30) -> None:
    filled = int(width * done / max(total, 1))
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {text}")
    sys.stderr.flush()


def _load_spec(path: str) -> NetworkSpec:
    from layerlab.engine.spec import NetworkSpec
    from layerlab.engine.summary import summarize

    spec = NetworkSpec.load(path)
    summarize(spec)  # validates, with every problem listed
    return spec


def cmd_summary(args: argparse.Namespace) -> int:
    from layerlab.engine.summary import summarize

    s = summarize(_load_spec(args.spec), args.batch)
    print(s.keras_text() if args.style == "keras" else s.torchinfo_text())
    return 0


def _data_options(args: argparse.Namespace) -> dict:
    opts = {"seed": args.seed} if args.seed is not None else {}
    if args.data.startswith("csv:") and args.label_column:
        opts["label_column"] = args.label_column
    return opts


def _train_epochs(tr: Trainer, epochs: int, callbacks: list) -> None:
    for _ in range(epochs):
        t0 = time.perf_counter()
        while True:
            r = tr.run_chunk(64)
            _progress(
                tr.pos or tr.steps_per_epoch,
                tr.steps_per_epoch,
                f"epoch {tr.epoch + (0 if r.epoch_finished else 1)}/{epochs}",
            )
            if r.stopped or r.epoch_finished:
                break
        if r.stopped:
            sys.stderr.write("\n")
            return
        m = r.metrics or {}
        val = (
            f"  val_loss {m['val_loss']:.4f}  val_acc {m['val_accuracy']:.4f}"
            if "val_loss" in m
            else ""
        )
        sys.stderr.write(
            f"  loss {m['loss']:.4f}  acc {m['accuracy']:.4f}{val}"
            f"  ({time.perf_counter() - t0:.1f} s)\n"
        )
        if any([cb.on_epoch_end(tr, m) for cb in callbacks]):
            return


def cmd_train(args: argparse.Namespace) -> int:
    from layerlab.data import load_dataset
    from layerlab.engine.callbacks import EarlyStopping
    from layerlab.engine.network import Network
    from layerlab.engine.threads import limit_blas_threads
    from layerlab.engine.trainer import Trainer

    limit_blas_threads(1)
    spec = _load_spec(args.spec)
    args.data = args.data or spec.dataset or "mnist5k"
    splits = load_dataset(args.data, **_data_options(args))
    net = Network(spec, batch_size=args.batch)
    opt = dict(spec.optimizer)
    if args.lr is not None:
        opt["lr"] = args.lr
    tr = Trainer(net, splits.train, splits.val, optimizer=opt, batch_size=args.batch)
    callbacks = [EarlyStopping(patience=args.patience)] if args.patience else []
    _train_epochs(tr, args.epochs, callbacks)
    if tr.stop_reason:
        print(f"stopped: {tr.stop_reason}", file=sys.stderr)
    if splits.test is not None:
        loss, acc, _ = net.evaluate(splits.test.x, splits.test.y)
        print(f"test: loss {loss:.4f}  accuracy {acc:.4f}  ({splits.test.n} samples)")
    if args.save_weights:
        net.save_weights(args.save_weights)
    return 2 if tr.stop_reason and "loss became" in tr.stop_reason else 0


def cmd_bench(args: argparse.Namespace) -> int:
    from layerlab.benchmark import run

    run(args.seconds)
    return 0


def cmd_app(argv: list[str]) -> int:
    try:
        from layerlab.app.main import main as app_main
    except ImportError as e:
        print(f"the LayerLab window is not available: {e}", file=sys.stderr)
        return 1
    return app_main(argv)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="layerlab", description="Build, train and look inside neural networks."
    )
    sub = ap.add_subparsers(dest="command")
    s = sub.add_parser("summary", help="parameters, mult-adds and memory of a network spec")
    s.add_argument("spec")
    s.add_argument("--batch", type=int, default=None)
    s.add_argument("--style", choices=("torchinfo", "keras"), default="torchinfo")
    s.set_defaults(func=cmd_summary)
    t = sub.add_parser("train", help="train a network spec on a data set")
    t.add_argument("spec")
    t.add_argument(
        "--data",
        default=None,
        help="mnist5k, mnist, fashion_mnist, circle, xor, spiral, moons, gaussians, and, or, "
        'nand, xor_gate, csv:PATH (default: the spec\'s "dataset", else mnist5k)',
    )
    t.add_argument("--epochs", type=int, default=5)
    t.add_argument("--batch", type=int, default=None)
    t.add_argument("--lr", type=float, default=None)
    t.add_argument("--seed", type=int, default=None)
    t.add_argument("--label-column", default=None, help="label column for csv: data")
    t.add_argument("--patience", type=int, default=0, help="early stopping patience (epochs)")
    t.add_argument("--save-weights", type=Path, default=None, help="write the weights (.npz)")
    t.set_defaults(func=cmd_train)
    b = sub.add_parser("bench", help="training throughput of the reference networks")
    b.add_argument("--seconds", type=float, default=2.0)
    b.set_defaults(func=cmd_bench)
    return ap


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in ("summary", "train", "bench", "-h", "--help"):
        return cmd_app(argv)  # the window, with its own options
    args = build_parser().parse_args(argv)
    from layerlab.data import DataError
    from layerlab.engine.errors import SpecError, TrainingError

    try:
        return args.func(args)
    except (SpecError, DataError, TrainingError, ValueError) as e:
        print(f"layerlab: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
