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


# --- hostile files: limits before allocation, every malformed file a ValueError ---------------


def _arch(tmp_path: Path, **arch: Any) -> Path:
    doc = _good(tmp_path)
    doc["architecture"].update(arch)
    return _write(tmp_path, doc)


@pytest.mark.parametrize(
    ("arch", "message"),
    [
        ({"nin": 1_000_000_000}, "nin = 1,000,000,000 is more than MAX_WIDTH = 100,000"),
        ({"nouts": [10_000_000, 1]}, "nouts[0] = 10,000,000 is more than MAX_WIDTH"),
        ({"nin": 1000, "nouts": [1000, 1000]}, "2,002,000 parameters, more than MAX_PARAMETERS"),
        ({"nouts": [1] * 1001}, "1,001 layers is more than MAX_LAYERS = 1,000"),
        ({"nouts": [3, 0]}, "nouts[1] = 0 must be ≥ 1"),
    ],
)
def test_architecture_beyond_the_limits_is_refused_before_allocating(
    tmp_path: Path, arch: dict[str, Any], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nn.serialize

    def no_mlp(*args: object, **kwargs: object) -> None:
        raise AssertionError("MLP() was called before the limits were checked")

    path = _arch(tmp_path, **arch)
    monkeypatch.setattr(nn.serialize, "MLP", no_mlp)
    with pytest.raises(ValueError, match=re.escape(message)):
        load(path)


@pytest.mark.parametrize(
    "arch",
    [
        {"nin": 100_000, "nouts": [1]},  # the widest input: 100,001 parameters
        {"nin": 999, "nouts": [999, 1]},  # (999 + 1)·999 + (999 + 1)·1 = 1,000,000: at the limit
        {"nin": 1, "nouts": [1] * 1000},  # the deepest
    ],
)
def test_architectures_at_the_limits_pass_them(
    tmp_path: Path, arch: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import nn.serialize

    def reached(*args: object, **kwargs: object) -> None:
        raise RuntimeError("reached the state's check")  # past the limits

    path = _arch(tmp_path, **arch)
    monkeypatch.setattr(nn.serialize, "_check_state", reached)
    with pytest.raises(RuntimeError, match=re.escape("reached the state's check")):
        load(path)


def test_deep_nesting_is_a_value_error_not_a_recursion_error(tmp_path: Path) -> None:
    deep = '{"format": ' + "[" * 200_000 + "]" * 200_000 + "}"
    with pytest.raises(ValueError, match="nested deeper than 8 levels"):
        load(_write(tmp_path, deep))
    # Brackets inside strings are text, not nesting.
    doc = _good(tmp_path)
    doc["state"]["[[[[[[[[[[{{{{{{{{{{"] = 1.0
    with pytest.raises(ValueError, match=re.escape("unexpected key '[[[[[[[[[[{{{{{{{{{{'")):
        load(_write(tmp_path, doc))


@pytest.mark.parametrize("digits", [400, 5000])
def test_big_integers_are_a_value_error(tmp_path: Path, digits: int) -> None:
    text = json.dumps(_good(tmp_path)).replace('"nin": 2', '"nin": 1' + "0" * (digits - 1))
    with pytest.raises(ValueError, match=f"an integer of {digits} digits"):
        load(_write(tmp_path, text))
    text = json.dumps(_good(tmp_path)).replace('"nin": 2', '"nin": -1' + "0" * (digits - 1))
    with pytest.raises(ValueError, match=f"an integer of {digits} digits"):
        load(_write(tmp_path, text))


@pytest.mark.parametrize("version", [True, 1.0, "1", None, 2])
def test_version_must_be_the_int_1(tmp_path: Path, version: object) -> None:
    doc = _good(tmp_path)
    doc["version"] = version
    with pytest.raises(ValueError, match="unsupported version"):
        load(_write(tmp_path, doc))


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_json_numbers_are_refused(tmp_path: Path, constant: str) -> None:
    text = json.dumps(_good(tmp_path), ensure_ascii=False)
    text, n = re.subn(r'("b⁽¹⁾₁": )[^,}]+', rf"\g<1>{constant}", text)
    assert n == 1
    with pytest.raises(ValueError, match=f"{constant} is not a number JSON allows"):
        load(_write(tmp_path, text))


def test_too_many_values_are_refused_before_parsing(tmp_path: Path) -> None:
    from nn.serialize import MAX_VALUES

    doc = _good(tmp_path)
    text = json.dumps(doc, ensure_ascii=False)
    text = text.replace('"nouts": [3, 1]', '"nouts": [' + "0," * MAX_VALUES + "1]")
    with pytest.raises(ValueError, match=f"more than MAX_VALUES = {MAX_VALUES:,} values"):
        load(_write(tmp_path, text))


def test_random_corruptions_only_ever_raise_value_error(tmp_path: Path) -> None:
    # Seeded mutation fuzzing (20,000 cases by hand found nothing else; 300 here).
    import random

    good = json.dumps(_good(tmp_path), ensure_ascii=False).encode()
    rng = random.Random(15)
    tokens = [b"[", b"]", b"{", b"}", b'"', b"\\", b",", b":", b"1e999", b"-", b"true", b"null"]
    tokens += [b"NaN", b"9" * 30, b"\xff", b"1.5", b'"nin"', b"[1,2]", b"{}", b"[" * 50]
    path = tmp_path / "fuzz.json"
    outcomes = {"loaded": 0, "ValueError": 0}
    for _ in range(300):
        data = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            k = rng.randrange(len(data))
            r = rng.random()
            if r < 0.3:
                del data[k : k + rng.randint(1, 20)]
            elif r < 0.7:
                data[k:k] = rng.choice(tokens)
            else:
                data[k] = rng.randrange(256)
        path.write_bytes(bytes(data))
        try:
            load(path)
            outcomes["loaded"] += 1
        except ValueError:
            outcomes["ValueError"] += 1
    assert outcomes["ValueError"] > 250  # almost every corruption is caught, and as ValueError


def test_an_oversized_file_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nn.serialize

    path = tmp_path / "m.json"
    save(_model(), path)
    monkeypatch.setattr(nn.serialize, "MAX_FILE_BYTES", path.stat().st_size - 1)
    with pytest.raises(ValueError, match="larger than MAX_FILE_BYTES"):
        load(path)


# --- save: interrupted saves, file mode, symlinks ---------------------------------------------

_KILLED_SAVE = """
import os, signal, sys
from nn import MLP, save
os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)  # die mid-save, as kill -9 would
save(MLP(2, [3, 1], seed=int(sys.argv[2])), sys.argv[1])
"""


def test_a_save_killed_midway_leaves_the_old_file_and_the_next_save_cleans_up(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    path = tmp_path / "m.json"
    save(_model(), path)
    before = path.read_text(encoding="utf-8")
    left: list[str] = []
    for seed in range(3):
        done = subprocess.run([sys.executable, "-c", _KILLED_SAVE, str(path), str(seed)])
        assert done.returncode == -9  # really killed by SIGKILL
        # Each killed save leaves its temp file; the next save (even one killed later) first
        # removes the temp files of saves whose process is gone: never more than one remains.
        stale = [p.name for p in tmp_path.iterdir() if p != path]
        assert len(stale) == 1 and stale[0].startswith(".m.json.") and stale[0].endswith(".tmp")
        assert stale[0] not in left
        left.append(stale[0])
        assert path.read_text(encoding="utf-8") == before  # the old model, whole
    load(path)
    save(_model(), path)
    assert list(tmp_path.iterdir()) == [path]  # the last stale temp file is gone


def test_save_leaves_temp_files_of_live_saves_and_other_files_alone(tmp_path: Path) -> None:
    import os
    import time

    from autograd.atomic import _temp_name

    path = tmp_path / "m.json"
    live = tmp_path / _temp_name("m.json", os.getpid(), "0000abcd")  # this process: alive, fresh
    old = tmp_path / _temp_name("m.json", os.getpid(), "0000abce")  # alive but 2 h old: stale
    other = tmp_path / _temp_name("n.json", 999999999, "0000abcd")  # another file's temp
    mine = tmp_path / "m.json.tmp"  # not our pattern
    assert live.name.startswith(".m.json.") and other.name.startswith(".n.json.")
    for p in (live, old, other, mine):
        p.write_text("x", encoding="utf-8")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    save(_model(), path)
    assert sorted(tmp_path.iterdir()) == sorted([path, live, other, mine])


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_saved_files_get_the_umask_mode(tmp_path: Path, umask: int) -> None:
    import os
    import stat

    old = os.umask(umask)
    try:
        save(_model(), tmp_path / "m.json")
        save(_model(), tmp_path / "m.json")  # replacing gives the same mode
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "m.json").stat().st_mode) == 0o666 & ~umask


def test_saving_through_a_symlink_writes_its_target(tmp_path: Path) -> None:
    real = tmp_path / "models" / "real.json"
    real.parent.mkdir()
    save(_model(), real)
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    other = MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=1)
    save(other, link)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert load(real).state_dict() == other.state_dict()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest.json", "models"]
    assert [p.name for p in real.parent.iterdir()] == ["real.json"]


# --- load_state_dict takes any real number, as Value() does -----------------------------------


def test_load_state_dict_takes_numpy_floats_and_other_reals() -> None:
    from fractions import Fraction

    import numpy as np  # installed with matplotlib (the demos extra) in `make test`'s venv

    model = _model()
    state: dict[str, object] = {}
    for i, name in enumerate(model.state_dict()):
        state[name] = [np.float64(0.25), np.float32(0.5), Fraction(1, 8), np.int64(3)][i % 4]
    model.load_state_dict(state)
    got = list(model.state_dict().values())
    assert got == [[0.25, 0.5, 0.125, 3.0][i % 4] for i in range(len(got))]
    assert all(type(v) is float for v in got)
    state[next(iter(state))] = 10**400  # an int beyond float's range: not finite
    with pytest.raises(ValueError, match="non-finite"):
        model.load_state_dict(state)
    state[next(iter(state))] = np.bool_(True)
    with pytest.raises(ValueError, match="must hold one number"):
        model.load_state_dict(state)


# --- issue 19: the header and the body agree before anything is built; bounded reads ---------

_BOMB = (
    '{"format": "chainrule-autograd/mlp", "version": 1, "architecture": {"nin": 948, '
    '"nouts": [948, 1], "activation": "relu", "output_activation": "linear", '
    '"init": "uniform"}, "state": {}}'
)  # the issue's ~182-byte file: it used to build 900,601 parameters (6.2 s, ~250 MB), then fail


def _no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    import nn.layers
    import nn.serialize

    def no_mlp(*args: object, **kwargs: object) -> None:
        raise AssertionError("MLP() was called for a file whose weights do not match it")

    def no_value(*args: object, **kwargs: object) -> None:
        raise AssertionError("a Value was built before the file was refused")

    monkeypatch.setattr(nn.serialize, "MLP", no_mlp)
    monkeypatch.setattr(nn.layers, "Value", no_value)


def test_a_182_byte_architecture_bomb_is_refused_before_building_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bomb.json"
    path.write_text(_BOMB, encoding="utf-8")
    assert path.stat().st_size < 200
    _no_model(monkeypatch)
    message = (
        "'state' is missing the key 'w⁽¹⁾₁,₁' (it holds 0 numbers; the architecture nin = 948, "
        "nouts = [948, 1] has 900,601 parameters)"
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        load(path)


def test_a_4_kb_file_of_1000_layers_is_refused_before_building_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = _good(tmp_path)
    doc["architecture"].update(nin=2, nouts=[30] * 999 + [1])  # 928,261 parameters, 13 weights
    path = _write(tmp_path, json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
    assert path.stat().st_size < 4096
    _no_model(monkeypatch)
    with pytest.raises(
        ValueError, match=r"holds 13 numbers; .* nouts = \[30, 30, … \(1,000 layers\)\] has 928,261"
    ):
        load(path)


def test_weights_beyond_the_architecture_are_named_before_building(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = _good(tmp_path)
    doc["state"]["zzz"] = 0.5
    path = _write(tmp_path, doc)
    _no_model(monkeypatch)
    with pytest.raises(ValueError, match=r"unexpected key 'zzz' in 'state' \(it holds 14 numbers"):
        load(path)


_SMALL_ADDRESS_SPACE = """
import resource, sys
limit = 150 * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import nn
model = nn.load(sys.argv[1])
print(sum(1 for _ in model.parameters()))
"""


def test_a_small_model_loads_in_a_150_mb_address_space(tmp_path: Path) -> None:
    # load() used to ask for a MAX_FILE_BYTES (128 MiB) buffer whatever the file's size.
    import subprocess
    import sys

    resource = pytest.importorskip("resource", reason="resource limits are POSIX only")
    if not hasattr(resource, "RLIMIT_AS"):
        pytest.skip("this platform has no RLIMIT_AS (address-space limit)")
    path = tmp_path / "m.json"
    save(_model(), path)
    assert path.stat().st_size < 1000
    done = subprocess.run(
        [sys.executable, "-c", _SMALL_ADDRESS_SPACE, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if "ValueError: not allowed to raise maximum limit" in done.stderr:
        pytest.skip("RLIMIT_AS is already below 150 MB here")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "13"


@pytest.mark.parametrize(
    ("where", "key"),
    [
        ("top", "version"),
        ("architecture", "nin"),
        ("state", "b⁽¹⁾₁"),
    ],
)
def test_a_key_given_twice_is_refused_and_named(tmp_path: Path, where: str, key: str) -> None:
    # json keeps the last of two equal keys without a word: the file says two things
    text = json.dumps(_good(tmp_path), ensure_ascii=False)
    anchor = {"top": '"version": 1', "architecture": '"nin": 2', "state": '"b⁽¹⁾₁": '}[where]
    assert text.count(anchor) == 1
    text = text.replace(anchor, f'"{key}": 1, {anchor}' if where != "state" else
                        f'"{key}": 0.5, {anchor}')  # fmt: skip
    with pytest.raises(ValueError, match=re.escape(f"the key '{key}' appears twice in one object")):
        load(_write(tmp_path, text))


@pytest.mark.parametrize(
    "spoil",
    [
        lambda doc, text: doc["architecture"].update(activation=text),
        lambda doc, text: doc["architecture"].update(init=text),
        lambda doc, text: doc.update(format=text),
        lambda doc, text: doc.update({text: 1}),
        lambda doc, text: doc["architecture"].update({text: 1}),
        lambda doc, text: doc["state"].update({text: 1.0}),
    ],
    ids=["activation", "init", "format", "key", "architecture key", "state key"],
)
def test_error_messages_quote_at_most_80_characters_of_the_file(
    tmp_path: Path, spoil: Callable[[dict[str, Any], str], None]
) -> None:
    from nn.serialize import MAX_QUOTED

    doc = _good(tmp_path)
    huge = "relu" + "A" * 1_000_000  # a 100 MB string would do the same, only slower
    spoil(doc, huge)
    with pytest.raises(ValueError) as info:
        load(_write(tmp_path, doc))
    message = str(info.value)
    assert len(message) < 400, message[:500]
    assert repr(huge[:MAX_QUOTED]) + "…" in message  # the start, and a sign that more was cut


def test_save_takes_any_name_the_file_system_takes(tmp_path: Path) -> None:
    import errno

    name = "m" * 250 + ".json"  # 255 bytes: the usual limit (NAME_MAX)
    probe = tmp_path / name
    try:
        probe.write_bytes(b"")
    except OSError as e:
        if e.errno == errno.ENAMETOOLONG:
            pytest.skip(f"this file system refuses a {len(name)}-byte name")
        raise
    probe.unlink()
    model = _model()
    save(model, tmp_path / name)  # its temp file used to be 22 bytes longer: ENAMETOOLONG
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temp file left behind
    assert load(tmp_path / name).state_dict() == model.state_dict()
    save(model, tmp_path / name)  # and again, over the existing file
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_save_refuses_a_symlink_loop_and_leaves_it_alone(tmp_path: Path) -> None:
    import errno

    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(
        OSError, match=r"a\.json'? is a symbolic link that never reaches a file"
    ) as e:
        save(_model(), a)
    assert e.value.errno == errno.ELOOP
    assert a.is_symlink() and b.is_symlink()  # used to be replaced by a regular file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]  # no temp file
