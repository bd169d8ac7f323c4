"""PaletteView: every registered kind by category, activation presets, drag payloads."""

import json

import pytest

from layerlab.app.builder.document import GraphDocument
from layerlab.app.builder.palette import LAYER_MIME, PaletteView, parse_layer_mime
from layerlab.app.builder.scene import BuilderScene
from layerlab.engine.layers import LAYERS
from layerlab.engine.spec import NetworkSpec


@pytest.fixture
def palette(qtbot):
    p = PaletteView()
    qtbot.addWidget(p)
    return p


def by_label(palette, label):
    return next(i for i in palette.entry_items() if i.text(0) == label)


def test_every_registered_kind_is_listed_under_its_category(palette):
    for kind, cls in LAYERS.items():
        item = by_label(palette, kind)
        assert item.parent().text(0) == cls.category
        assert palette.entry(item).kind == kind


def test_activation_presets_make_activation_layers_with_their_function(palette):
    item = by_label(palette, "LeakyReLU")
    assert item.parent().text(0) == "Activations"
    entry = palette.entry(item)
    assert (entry.kind, entry.params) == ("Activation", {"fn": "leaky_relu"})
    assert "alpha" in item.toolTip(0)  # the formula
    assert palette.entry(by_label(palette, "Softmax")).kind == "Softmax"


def test_drag_payload_is_json_kind_and_params(palette):
    mime = palette.mimeData([by_label(palette, "GELU")])
    data = json.loads(bytes(mime.data(LAYER_MIME).data()).decode())
    assert data == {"kind": "Activation", "params": {"fn": "gelu"}}
    assert parse_layer_mime(mime) == ("Activation", {"fn": "gelu"})


def test_double_click_appends_to_the_chain_below_its_end(qtbot):
    doc = GraphDocument()
    doc.load_spec(NetworkSpec.from_dict({"input": {"shape": [4]}, "layers": [
        {"id": "fc1", "kind": "Dense", "units": 3}]}))  # fmt: skip
    scene = BuilderScene(doc)
    palette = PaletteView(doc)
    qtbot.addWidget(palette)
    with qtbot.waitSignal(palette.layer_activated) as sig:
        palette.itemDoubleClicked.emit(by_label(palette, "Softmax"), 0)
    assert sig.args == ["Softmax", {}]
    assert [(ls.id, ls.inputs) for ls in doc.to_spec().layers] == [
        ("fc1", ("input",)),
        ("softmax1", ("fc1",)),
    ]
    assert doc.nodes["softmax1"].pos == (0.0, 90.0)
    assert scene.edge_item("fc1", "softmax1").label == "3"


def test_filter_hides_non_matching_entries_and_empty_groups(palette):
    palette.set_filter("池化")
    shown = [i.text(0) for i in palette.entry_items() if not i.isHidden()]
    assert shown == ["MaxPool2D", "AvgPool2D"]
    core = palette.topLevelItem(0)
    assert core.isHidden()
    palette.set_filter("")
    assert not any(i.isHidden() for i in palette.entry_items())
