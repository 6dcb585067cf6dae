# %% [markdown]
# # 10. The backward pass, step by step
#
# "We use an information obtained from the forward propagation and use it to move back from
# the last to the first layer of a network." `backward()` starts from the seed
# ∂C₀/∂C₀ = 1. At each node it takes the node's gradient — the *upstream* gradient
# ∂C₀/∂node — and adds (local derivative × upstream) to each parent's gradient: the chain rule,
# one factor at a time. On the lecture's network that is five steps, one per named node, from
# the last layer to the first: C₀, a₂, z₂ (now W₂ and b₂ are final), a₁, z₁ (W₁ and b₁ final).
# Each step multiplies in one more factor of the slide's
# ∂C₀/∂W₁ = ∂z₁/∂W₁ · ∂a₁/∂z₁ · ∂z₂/∂a₁ · ∂a₂/∂z₂ · ∂C₀/∂a₂. A weight or bias gets no step of
# its own: its gradient is final in the step that makes its last `+=`. ∂C₀/∂x and ∂C₀/∂y are
# computed too, but x and y are data: gradient descent never changes them (greyed).
#
# Too big for one slide at a readable size, the network is shown in two parts (layer 2 with
# the cost, then layer 1); within a part every frame has the same layout: only the numbers
# and the colours move.

# %%
import html
import math

from autograd import Value, backward_steps, chain_paths
from autograd.show.text import counted, edge_text, number, operands, partial
from autograd.show.viz import step_frames
from demos.context import record_page, save_graph, settings
from nn.lecture import lecture_network

cfg = settings()
net = lecture_network(x=0.5, y=1.0, W1=0.8, b1=0.1, W2=-1.2, b2=0.3)

# %%
frames = []
for i, (caption, graph) in enumerate(step_frames(net.C0)):
    print(caption)
    svg, *_ = save_graph(graph, f"10_step_{i:02d}")
    frames.append(("the lecture's network", caption, svg))
steps = backward_steps(lecture_network().C0)
print(
    f"{counted(len(steps), 'step')}, from the last layer to the first: "
    + ", ".join(str(s.node.label) for s in steps)
)
print(f"C₀ = {number(net.C0.data)}; W₁.grad = ∂C₀/∂W₁ = {number(net.W1.grad)} after the last step")

# %% [markdown]
# The running product, as the slide writes the chain. Walking back from C₀, each node's
# gradient is the local derivative there times the gradient just above it,
# ∂C₀/∂z₂ = ∂a₂/∂z₂ · ∂C₀/∂a₂: one more factor of
# ∂C₀/∂W₁ = ∂z₁/∂W₁ · ∂a₁/∂z₁ · ∂z₂/∂a₁ · ∂a₂/∂z₂ · ∂C₀/∂a₂ per step, read right to left.

# %%
(path,) = chain_paths(net.C0, net.W1, collapse=True)  # W₁ → z₁ → a₁ → z₂ → a₂ → C₀
rows = []
running = 1.0  # ∂C₀/∂C₀, the seed
for e in reversed(path.edges):  # a₂ → C₀ first, W₁ → z₁ last
    if e.v is net.C0:
        chain = edge_text(e)  # ∂C₀/∂a₂ = 2·(a₂ − y) = −1.22: the first factor, nothing above
    else:
        local, upstream = operands([e.factor, running], math.prod, e.factor * running)
        written = f"{local} × {upstream} = {number(e.factor * running)}"
        chain = f"{partial(net.C0, e.u)} = {e.symbol()} · {partial(net.C0, e.v)} = {written}"
    running = e.factor * running
    rows.append((chain, f"{e.u.label}.grad = {number(e.u.grad)}"))
width = max(len(chain) for chain, _ in rows)
for chain, grad in rows:
    print(f"{chain:<{width}}   ({grad})")

# %% [markdown]
# Where a value is used twice, its gradient gets two `+=`: here t = tanh(p·q + p), and `p`
# receives one contribution through the product r = p·q and one through the sum s = r + p.
# (Its names are not the lecture's a, b, z: p, q are not activations or biases.)

# %%
p = Value(0.5, label="p")
q = Value(-1.5, label="q")
r = p * q
r.label = "r"
s = r + p
s.label = "s"
t = s.tanh()
t.label = "t"
for i, (caption, graph) in enumerate(step_frames(t)):
    print(caption)
    svg, *_ = save_graph(graph, f"10_toy_step_{i:02d}")
    frames.append(("t = tanh(p·q + p)", caption, svg))

# %% [markdown]
# One page with every frame: ← and → (or the buttons) step through them. The counter numbers
# the steps of each graph as the captions do: step 0 is the seed.


# %%
last = {name: sum(n == name for n, _, _ in frames) - 1 for name, _, _ in frames}
step_of = {name: 0 for name in last}
sections = []
for i, (name, caption, path) in enumerate(frames):
    counter = f"{name}: step {step_of[name]} of {last[name]}"
    step_of[name] += 1
    sections.append(
        f'<section class="frame" id="f{i}" aria-label="{html.escape(caption)}" '
        f'data-counter="{html.escape(counter)}">'
        f"{path.read_text(encoding='utf-8').split('?>', 1)[-1]}</section>"
    )
slides = "\n".join(sections)
page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>backward(), step by step</title>
<style>
body {{ font-family: Arial, 'Liberation Sans', Arimo, sans-serif; margin: 0.5em 1em; }}
h1 {{ font-size: 1.4em; margin: 0 1em 0 0; display: inline; }}
.frame {{ display: none; }} .frame.on {{ display: block; }}
/* the whole frame on screen (a projected 1280×720 slide), C₀ included: no scrolling */
.frame svg {{ width: 100%; height: calc(100vh - 3.5em); }}
button {{ font-size: 1.2em; margin-right: 0.5em; }} p {{ font-size: 1.2em; }}
</style></head><body>
<h1>backward(), one step at a time</h1>
<button onclick="go(-1)">← previous</button><button onclick="go(1)">next →</button>
<span id="count"></span>
{slides}
<script>
let i = 0; const frames = document.querySelectorAll('.frame');
function show() {{ frames.forEach((f, k) => f.classList.toggle('on', k === i));
  document.getElementById('count').textContent = frames[i].dataset.counter; }}
function go(d) {{ i = Math.min(frames.length - 1, Math.max(0, i + d)); show(); }}
document.addEventListener('keydown', ev => {{ if (ev.key === 'ArrowRight') go(1);
  if (ev.key === 'ArrowLeft') go(-1); }});
show();
</script></body></html>
"""
html_path = cfg.out / "10_backward_steps.html"
html_path.write_text(page, encoding="utf-8")
record_page(html_path, "and use ← →")
