# %% [markdown]
# # 10. The backward pass, step by step
#
# `backward()` visits the nodes from the cost back to the inputs (reverse topological order).
# At each node it takes the node's gradient — the *upstream* gradient ∂C/∂node — and adds
# (local derivative × upstream) to each parent's gradient. A node used twice receives two
# such additions: the `+=` is where the chain rule's sum over paths happens.
#
# Here e = tanh(a·b + a): `a` is used twice. Each frame is one step; the HTML page steps
# through them.

# %%
import html

from autograd import Value, backward_steps
from autograd.viz import draw_step
from demos.context import record, save_graph, settings

cfg = settings()
a = Value(0.5, label="a")
b = Value(-1.5, label="b")
c = a * b
c.label = "c"
d = c + a
d.label = "d"
e = d.tanh()
e.label = "e"

# %%
frames = []
for step in backward_steps(e):
    node = step.node.label
    if step.contributions:
        adds = ", ".join(
            f"{x.parent.label}.grad += {x.local:+.4f} × {step.upstream:+.4f} → {x.after:+.4f}"
            for x in step.contributions
        )
    else:
        adds = f"leaf: ∂e/∂{node} = {step.upstream:+.4f} is final"
    print(f"step {step.index + 1}: at {node} (upstream {step.upstream:+.4f}): {adds}")
    svg, *_ = save_graph(draw_step(step), f"10_step_{step.index + 1:02d}")
    frames.append((f"step {step.index + 1}: {adds}", svg))

# %% [markdown]
# One page with every frame: ← and → (or the buttons) step through them.

# %%
slides = "\n".join(
    f'<section class="frame" id="f{i}"><p>{html.escape(caption)}</p>'
    f"{path.read_text(encoding='utf-8').split('?>', 1)[-1]}</section>"
    for i, (caption, path) in enumerate(frames)
)
page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>backward(), step by step</title>
<style>
body {{ font-family: Helvetica, Arial, sans-serif; margin: 2em; }}
.frame {{ display: none; }} .frame.on {{ display: block; }}
button {{ font-size: 1.2em; margin-right: 0.5em; }} p {{ font-size: 1.2em; }}
</style></head><body>
<h1>backward() on e = tanh(a·b + a), one step at a time</h1>
<button onclick="go(-1)">← previous</button><button onclick="go(1)">next →</button>
<span id="count"></span>
{slides}
<script>
let i = 0; const frames = document.querySelectorAll('.frame');
function show() {{ frames.forEach((f, k) => f.classList.toggle('on', k === i));
  document.getElementById('count').textContent = `${{i + 1}} / ${{frames.length}}`; }}
function go(d) {{ i = Math.min(frames.length - 1, Math.max(0, i + d)); show(); }}
document.addEventListener('keydown', ev => {{ if (ev.key === 'ArrowRight') go(1);
  if (ev.key === 'ArrowLeft') go(-1); }});
show();
</script></body></html>
"""
html_path = cfg.out / "10_backward_steps.html"
html_path.write_text(page, encoding="utf-8")
record(html_path)
print(f"open {html_path} in a browser and use ← →")
