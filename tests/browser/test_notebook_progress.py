"""fit in a real Jupyter kernel (nbclient, the browser extra): the saved notebook holds one
text/plain output for the whole run — no widget, no stderr warning, nothing a notebook exported
to HTML would fetch from a CDN."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CELL = """\
from nn import MLP, fit
from nn.datasets import moons
history = fit(MLP(2, [8, 1], seed=0), *moons(40), epochs=30)
"""


def test_fit_in_a_notebook_saves_one_text_output() -> None:
    try:  # part of the browser extra: a missing one is a broken setup, not a reason to skip
        import nbclient
        import nbformat
    except ImportError as missing:
        raise AssertionError(f"{missing}: pip install -e '.[browser]'") from missing
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(CELL),
        nbformat.v4.new_code_cell("print(f'{history.loss[-1]:.4f} {history.accuracy[-1]:.4f}')"),
    ]
    nbclient.NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(ROOT)}}).execute()
    (output,) = nb.cells[0].outputs  # one output for 30 epochs: updated in place, not appended
    assert output["output_type"] == "display_data"
    assert set(output["data"]) == {"text/plain"}  # no widget view, no HTML with scripts
    loss, acc = nb.cells[1].outputs[0]["text"].split()
    from autograd.show.text import number

    expected = f"training: epoch 30/30, cost C = {number(float(loss), 4)}, accuracy "
    assert output["data"]["text/plain"].startswith(expected)  # the last epoch's numbers
    assert f"{float(acc):.1%}" in output["data"]["text/plain"]
    text = nbformat.writes(nb)
    assert "stderr" not in text and "Warning" not in text and "cdn" not in text.lower()
