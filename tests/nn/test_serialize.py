"""JSON save/load: a round trip, and every bad-file case names what is wrong."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from autograd import Value
from nn import MLP, load, save


def _model() -> MLP:
    return MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=9)


def test_round_trip(tmp_path: Path) -> None:
    model = _model()
    path = tmp_path / "m.json"
    save(model, path)
    again = load(path)
    assert again.state_dict() == model.state_dict()
    assert repr(again) == repr(model)
    a, b = model([0.2, -0.4]), again([0.2, -0.4])
    assert isinstance(a, Value) and isinstance(b, Value) and a.data == b.data
    assert list(tmp_path.iterdir()) == [path]  # no temp file left behind
    text = path.read_text(encoding="utf-8")
    assert "pickle" not in text and json.loads(text)["format"] == "chainrule-autograd/mlp"


@pytest.mark.parametrize(("init", "activation"), [("xavier", "tanh"), ("he", "relu")])
def test_round_trip_keeps_the_init_scheme(tmp_path: Path, init: str, activation: str) -> None:
    model = MLP(3, [4, 1], activation=activation, init=init, seed=5)  # type: ignore[arg-type]
    path = tmp_path / "m.json"
    save(model, path)
    assert json.loads(path.read_text(encoding="utf-8"))["architecture"]["init"] == init
    again = load(path)
    assert again.init == init and again.state_dict() == model.state_dict()


def test_state_dict_round_trip() -> None:
    a, b = _model(), MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=1)
    b.load_state_dict(a.state_dict())
    assert a.state_dict() == b.state_dict()


def test_failed_save_leaves_old_file(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    save(_model(), path)
    before = path.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="callable"):
        save(MLP(2, [1], activation=lambda z: z), path)
    assert path.read_text(encoding="utf-8") == before
    assert list(tmp_path.iterdir()) == [path]


def _write(tmp_path: Path, doc: Any) -> Path:
    p = tmp_path / "bad.json"
    p.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return p


def _good(tmp_path: Path) -> dict[str, Any]:
    save(_model(), tmp_path / "good.json")
    doc: dict[str, Any] = json.loads((tmp_path / "good.json").read_text(encoding="utf-8"))
    return doc


def test_truncated_and_garbled(tmp_path: Path) -> None:
    save(_model(), tmp_path / "good.json")
    text = (tmp_path / "good.json").read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="not valid JSON"):
        load(_write(tmp_path, text[: len(text) // 2]))
    with pytest.raises(ValueError, match="not valid JSON"):
        load(_write(tmp_path, "}{ garbage"))
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ValueError, match="UTF-8"):
        load(tmp_path / "bin.json")
    with pytest.raises(ValueError, match="JSON object"):
        load(_write(tmp_path, "[1, 2]"))


def _drop_weight(doc: dict[str, Any]) -> None:
    del doc["state"]["w⁽¹⁾₂,₁"]


def _add_weight(doc: dict[str, Any]) -> None:
    doc["state"]["w⁽⁹⁾₁,₁"] = 1.0


def _list_bias(doc: dict[str, Any]) -> None:
    doc["state"]["b⁽¹⁾₁"] = [0.0, 1.0]


def _drop_nouts(doc: dict[str, Any]) -> None:
    del doc["architecture"]["nouts"]


def _string_nouts(doc: dict[str, Any]) -> None:
    doc["architecture"]["nouts"] = "3,1"


def _reshape(doc: dict[str, Any]) -> None:
    doc["architecture"]["nouts"] = [4, 1]  # the weights no longer fit the shapes


def _surprise(doc: dict[str, Any]) -> None:
    doc["surprise"] = 1


def _pickle_format(doc: dict[str, Any]) -> None:
    doc["format"] = "pickle"


def _unknown_activation(doc: dict[str, Any]) -> None:
    doc["architecture"]["activation"] = "swish"


BAD_FILES = [
    (_drop_weight, "missing the key 'w⁽¹⁾₂,₁'"),
    (_add_weight, "unexpected key 'w⁽⁹⁾₁,₁'"),
    (_list_bias, "'b⁽¹⁾₁' must hold one number"),
    (_drop_nouts, "missing the key 'nouts'"),
    (_string_nouts, "'nouts'"),
    (_reshape, "missing the key"),
    (_surprise, "unexpected key 'surprise'"),
    (_pickle_format, "'format'"),
    (_unknown_activation, "swish"),
]


@pytest.mark.parametrize(("spoil", "message"), BAD_FILES, ids=[f.__name__ for f, _ in BAD_FILES])
def test_missing_extra_and_misshaped_keys_are_named(
    tmp_path: Path, spoil: Callable[[dict[str, Any]], None], message: str
) -> None:
    doc = _good(tmp_path)
    spoil(doc)
    with pytest.raises(ValueError, match=re.escape(message)):
        load(_write(tmp_path, doc))


def test_load_state_dict_names_bad_keys() -> None:
    model = _model()
    before = model.state_dict()
    state: dict[str, object] = dict(before)
    state["w⁽¹⁾₁,₁"] = 123.0  # a valid change that must not be applied when another key fails
    state["b⁽²⁾₁"] = float("nan")
    with pytest.raises(ValueError, match=r"'b⁽²⁾₁'.*non-finite"):
        model.load_state_dict(state)
    state["b⁽²⁾₁"] = "0.5"
    with pytest.raises(ValueError, match="'b⁽²⁾₁'"):
        model.load_state_dict(state)
    assert model.state_dict() == before  # nothing changed by the failed loads
