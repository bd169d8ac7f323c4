"""Data sets for LayerLab: loading, generating, splitting and batching (numpy only)."""

from layerlab.data.batches import BatchOrder
from layerlab.data.dataset import DataError, Dataset
from layerlab.data.download import MNIST_BASE_URL, DownloadError, download_file, download_mnist
from layerlab.data.gates import make_gate
from layerlab.data.idx import IdxError, read_idx, write_idx
from layerlab.data.mnist import (
    FASHION_MNIST_FILES,
    MNIST_FILES,
    find_fashion_mnist_folder,
    find_mnist_folder,
    load_bundled_mnist,
    load_mnist_folder,
    load_mnist_part,
)
from layerlab.data.registry import DATASETS, DatasetInfo, available_datasets, load_dataset
from layerlab.data.splits import Splits, split_dataset
from layerlab.data.tabular import load_csv
from layerlab.data.toy2d import TOY2D

__all__ = [
    "DATASETS",
    "FASHION_MNIST_FILES",
    "MNIST_BASE_URL",
    "MNIST_FILES",
    "TOY2D",
    "BatchOrder",
    "DataError",
    "Dataset",
    "DatasetInfo",
    "DownloadError",
    "IdxError",
    "Splits",
    "available_datasets",
    "download_file",
    "download_mnist",
    "find_fashion_mnist_folder",
    "find_mnist_folder",
    "load_bundled_mnist",
    "load_csv",
    "load_dataset",
    "load_mnist_folder",
    "load_mnist_part",
    "make_gate",
    "read_idx",
    "split_dataset",
    "write_idx",
]
