"""Patterns and templates of the data-set problems: layerlab.data's DataError (and its IdxError,
DownloadError). See ``engine_messages``; each entry is (pattern, template) in context
"EngineMessages"."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

_GOT = r"(?P<got>.+)"
_TUPLE = r"\([^)]*\)"

DATA_MESSAGES: list[tuple[str, str]] = [
    (
        r"unknown data set (?P<name>.+); valid names: (?P<names>.+), or csv:<path>",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "unknown data set {name}; valid names: {names}, or csv:<path>"
        ),
    ),
    (
        r"unknown option\(s\) for data set (?P<name>.+?): (?P<options>.+) \(valid: (?P<valid>.+)\)",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "unknown option(s) for data set {name}: {options} (valid: {valid})"
        ),
    ),
    (
        r"the (?P<title>.+) files were not found; download them or set (?P<var>LAYERLAB_\w+_DIR) "
        r"to their folder",
        QT_TRANSLATE_NOOP(
            "EngineMessages",
            "the {title} files were not found; download them or set {var} to their folder",
        ),
    ),
    (
        r"loading a CSV file needs the option label_column",
        QT_TRANSLATE_NOOP("EngineMessages", "loading a CSV file needs the option label_column"),
    ),
    (
        r"(?P<kind>\w+) file (?P<file>\S+) not found in (?P<folder>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "{kind} file {file} not found in {folder}"),
    ),
    (  # after "<file>: "
        rf"expected uint8 28x28 images, got {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "expected uint8 28x28 images, got {got}"),
    ),
    (  # after "<file>: "
        rf"expected uint8 labels of shape \(N,\), got {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "expected uint8 labels of shape (N,), got {got}"),
    ),
    (
        r"(?P<a>\S+) has (?P<n>\d+) images but (?P<b>\S+) has (?P<m>\d+) labels",
        QT_TRANSLATE_NOOP("EngineMessages", "{a} has {n} images but {b} has {m} labels"),
    ),
    (  # after "<file>: "
        r"label (?P<n>\d+) is outside 0\.\.9",
        QT_TRANSLATE_NOOP("EngineMessages", "label {n} is outside 0..9"),
    ),
    (
        r"cannot read IDX file (?P<path>.+?): (?P<reason>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "cannot read IDX file {path}: {reason}"),
    ),
    (
        r"(?P<path>.+) is a corrupt gzip file: (?P<reason>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "{path} is a corrupt gzip file: {reason}"),
    ),
    (
        r"(?P<path>.+) is not an IDX file: it starts with (?P<first>.+) "
        r"\(an IDX file starts with 00 00 <type> <dimensions>\)",
        QT_TRANSLATE_NOOP(
            "EngineMessages",
            "{path} is not an IDX file: it starts with {first} "
            "(an IDX file starts with 00 00 <type> <dimensions>)",
        ),
    ),
    (  # after "<file>: "
        r"unknown IDX data type code (?P<code>0x[0-9A-F]+) \(known: (?P<known>.+)\)",
        QT_TRANSLATE_NOOP("EngineMessages", "unknown IDX data type code {code} (known: {known})"),
    ),
    (  # after "<file>: "
        r"IDX header declares zero dimensions",
        QT_TRANSLATE_NOOP("EngineMessages", "IDX header declares zero dimensions"),
    ),
    (
        r"(?P<path>.+) is truncated: its header needs (?P<n>\d+) bytes, found (?P<found>\d+)",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "{path} is truncated: its header needs {n} bytes, found {found}"
        ),
    ),
    (
        rf"(?P<path>.+) is truncated: expected (?P<n>\d+) bytes of data for shape "
        rf"(?P<shape>{_TUPLE}), found (?P<found>\d+)",
        QT_TRANSLATE_NOOP(
            "EngineMessages",
            "{path} is truncated: expected {n} bytes of data for shape {shape}, found {found}",
        ),
    ),
    (
        rf"(?P<path>.+) has (?P<extra>\d+) bytes of trailing garbage after the (?P<n>\d+) bytes "
        rf"of data for shape (?P<shape>{_TUPLE})",
        QT_TRANSLATE_NOOP(
            "EngineMessages",
            "{path} has {extra} bytes of trailing garbage after the {n} bytes of data for "
            "shape {shape}",
        ),
    ),
    (
        r"the bike-sharing data (?P<path>.+) is missing; reinstall LayerLab or put the UCI "
        r"hour\.csv there",
        QT_TRANSLATE_NOOP(
            "EngineMessages",
            "the bike-sharing data {path} is missing; reinstall LayerLab or put the UCI "
            "hour.csv there",
        ),
    ),
    (
        r"the bike-sharing data (?P<path>.+?) cannot be read: (?P<reason>.+)",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "the bike-sharing data {path} cannot be read: {reason}"
        ),
    ),
    (  # after "<file>: "
        r"the header must be (?P<columns>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "the header must be {columns}"),
    ),
    (
        r"(?P<path>.+) line (?P<line>\d+): (?P<n>\d+) values, expected (?P<m>\d+) "
        r"\((?P<row>.*)\.\.\.\)",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "{path} line {line}: {n} values, expected {m} ({row}...)"
        ),
    ),
    (  # after "<file>: "
        r"no rows after the header",
        QT_TRANSLATE_NOOP("EngineMessages", "no rows after the header"),
    ),
    (  # after "<file>: "
        r"column dteday holds a value that is not a date \((?P<reason>.*)\)",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "column dteday holds a value that is not a date ({reason})"
        ),
    ),
    (
        r"(?P<path>.+) line (?P<line>\d+), column (?P<column>.+?): (?P<cell>.+) is not a number",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "{path} line {line}, column {column}: {cell} is not a number"
        ),
    ),
    (
        r"(?P<path>.+) line (?P<line>\d+), column (?P<column>.+?): (?P<cell>.+) is not finite",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "{path} line {line}, column {column}: {cell} is not finite"
        ),
    ),
    (
        r"(?P<path>.+) line (?P<line>\d+), column (?P<column>.+?): the label is empty",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "{path} line {line}, column {column}: the label is empty"
        ),
    ),
    (
        rf"val_fraction must be in \[0, 1\), not {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "val_fraction must be in [0, 1), not {got}"),
    ),
    (
        r"test_hours must be at least 1 and val_hours at least 0",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "test_hours must be at least 1 and val_hours at least 0"
        ),
    ),
    (
        r"holding out (?P<k>\d+) of (?P<n>\d+) hours leaves no training data",
        QT_TRANSLATE_NOOP("EngineMessages", "holding out {k} of {n} hours leaves no training data"),
    ),
    (
        rf"(?P<option>val_fraction|test_fraction) must be in \[0, 1\), got {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "{option} must be in [0, 1), got {got}"),
    ),
    (
        rf"val_fraction \+ test_fraction must be below 1, got {_GOT}",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "val_fraction + test_fraction must be below 1, got {got}"
        ),
    ),
    (
        r"cannot hold out (?P<v>\d+) validation and (?P<t>\d+) test samples from only "
        r"(?P<n>\d+) samples and keep any for training",
        QT_TRANSLATE_NOOP(
            "EngineMessages",
            "cannot hold out {v} validation and {t} test samples from only {n} samples and keep "
            "any for training",
        ),
    ),
    (
        r"cannot make batches from (?P<n>-?\d+) training samples",
        QT_TRANSLATE_NOOP("EngineMessages", "cannot make batches from {n} training samples"),
    ),
    (
        rf"batch size must be at least 1, got {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "batch size must be at least 1, got {got}"),
    ),
    (
        r"batch size (?P<b>\d+) is larger than the (?P<n>\d+) training samples",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "batch size {b} is larger than the {n} training samples"
        ),
    ),
    (
        rf"seed must be non-negative, got {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "seed must be non-negative, got {got}"),
    ),
    (
        rf"n must be an integer of at least (?P<min>\d+), got {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "n must be an integer of at least {min}, got {got}"),
    ),
    (
        rf"noise must be a non-negative number, got {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "noise must be a non-negative number, got {got}"),
    ),
    (
        rf"task must be one of (?P<choices>.+), not {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "task must be one of {choices}, not {got}"),
    ),
    (
        r"cannot read CSV file (?P<path>.+?): (?P<reason>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "cannot read CSV file {path}: {reason}"),
    ),
    (
        r"CSV file (?P<path>.+) is empty",
        QT_TRANSLATE_NOOP("EngineMessages", "CSV file {path} is empty"),
    ),
    (
        r"CSV file (?P<path>.+) has a header but no data rows",
        QT_TRANSLATE_NOOP("EngineMessages", "CSV file {path} has a header but no data rows"),
    ),
    (  # after "<file>: "
        r"the first line must be a header row of column names, not data",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "the first line must be a header row of column names, not data"
        ),
    ),
    (  # after "<file>: "
        r"duplicate column names: (?P<names>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "duplicate column names: {names}"),
    ),
    (
        r"(?P<path>.+) line (?P<line>\d+): (?P<n>\d+) fields, but the header has (?P<m>\d+) "
        r"columns",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "{path} line {line}: {n} fields, but the header has {m} columns"
        ),
    ),
    (  # after "<file>: "
        r"no label column (?P<column>.+); available columns: (?P<columns>.+)",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "no label column {column}; available columns: {columns}"
        ),
    ),
    (  # after "<file>: "
        r"no feature column\(s\) (?P<missing>.+); available columns: (?P<columns>.+)",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "no feature column(s) {missing}; available columns: {columns}"
        ),
    ),
    (  # after "<file>: "
        r"the label column (?P<column>.+) cannot also be a feature",
        QT_TRANSLATE_NOOP("EngineMessages", "the label column {column} cannot also be a feature"),
    ),
    (  # after "<file>: "
        r"no feature columns besides the label (?P<column>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "no feature columns besides the label {column}"),
    ),
    (  # after "<file>: "
        r"label column (?P<column>.+) has (?P<n>\d+) distinct non-numeric values; automatic "
        r"detection allows at most (?P<max>\d+) classes "
        r"\(pass task='classification' to use them all\)",
        QT_TRANSLATE_NOOP(
            "EngineMessages",
            "label column {column} has {n} distinct non-numeric values; automatic detection "
            "allows at most {max} classes (pass task='classification' to use them all)",
        ),
    ),
    (
        r"checksum mismatch for (?P<url>\S+): expected MD5 (?P<md5>[0-9a-f]+), "
        r"got (?P<got>[0-9a-f]+)",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "checksum mismatch for {url}: expected MD5 {md5}, got {got}"
        ),
    ),
    (
        r"download of (?P<url>\S+) was cancelled",
        QT_TRANSLATE_NOOP("EngineMessages", "download of {url} was cancelled"),
    ),
    (
        r"download of (?P<url>\S+) broke off after (?P<done>\d+) of (?P<total>\d+) bytes",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "download of {url} broke off after {done} of {total} bytes"
        ),
    ),
    (
        r"download of (?P<url>\S+) broke off after (?P<done>\d+) bytes",
        QT_TRANSLATE_NOOP("EngineMessages", "download of {url} broke off after {done} bytes"),
    ),
    (
        r"download of (?P<url>\S+) failed: the server answered HTTP (?P<code>\d+) (?P<reason>.*)",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "download of {url} failed: the server answered HTTP {code} {reason}"
        ),
    ),
    (
        r"download of (?P<url>\S+) failed: the connection was refused",
        QT_TRANSLATE_NOOP("EngineMessages", "download of {url} failed: the connection was refused"),
    ),
    (
        r"download of (?P<url>\S+) failed: no answer within (?P<t>\S+) s \(timed out\)",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "download of {url} failed: no answer within {t} s (timed out)"
        ),
    ),
    (
        r"download of (?P<url>\S+) failed: cannot reach the server \((?P<reason>.*)\)",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "download of {url} failed: cannot reach the server ({reason})"
        ),
    ),
    (
        r"download of (?P<url>\S+) failed: (?P<reason>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "download of {url} failed: {reason}"),
    ),
]
