# %% [markdown]
# # 5b. What a derivative is: the nudge
#
# The lecture wants "the impact of weight W on the cost function C₀". That is what ∂C₀/∂W₁
# measures: nudge W₁ by a small h, and C₀ changes by about ∂C₀/∂W₁ · h. So the slope of
# the secant, (C₀(W₁ + h) − C₀(W₁)) / h, approaches ∂C₀/∂W₁ as h shrinks — the number
# backward() computed by the chain rule in demo 5.
#
# Honest small print: on a computer it gets better only down to h ≈ 10⁻⁷. A float64 holds
# about 16 digits; C₀(W₁ + h) and C₀(W₁) agree in more and more of them, and their difference
# is left with fewer and fewer correct digits (rounding error ≈ 10⁻¹⁶/h). Below that h the
# estimate gets *worse* again, and from h ≈ 10⁻¹⁵ on the nudge is lost entirely:
# C₀(W₁ + h) == C₀(W₁) in float64, and the estimate is 0.

# %%
import matplotlib.pyplot as plt

from autograd import no_grad
from autograd.notation.numbers import number
from demos.context import save_figure, settings, signed, slide_style
from demos.lecture_net import forward_difference
from nn.lecture import lecture_network

cfg = settings()
slide_style()
net = lecture_network()  # the slides' x = 0.5, y = 1, W₁ = 0.8, b₁ = 0.1, W₂ = −1.2, b₂ = 0.3
net.C0.backward()
W1, C0, slope = net.W1.data, net.C0.data, net.W1.grad
print(f"at W₁ = {W1}: C₀ = {C0:.6f}, ∂C₀/∂W₁ from backward() = {signed(slope):+.10f}")


def C0_at(w: float) -> float:
    """C₀ with W₁ = w and everything else as on the slides (forward propagation only)."""
    with no_grad():
        return lecture_network(W1=w).C0.data


# %% [markdown]
# ## Shrinking the nudge

# %%
exponents = [k / 2 for k in range(0, 37)]  # h = 10⁰ … 10⁻¹⁸
hs = [10.0**-e for e in exponents]
estimates = [forward_difference(W1, h) for h in hs]
errors = [abs(fd - slope) for fd in estimates]
best = min(range(len(hs)), key=lambda i: errors[i])
lost_at = next(i for i, fd in enumerate(estimates) if fd == 0.0)
print(f"{'h':>8}   (C₀(W₁+h) − C₀(W₁))/h   error vs backward()")
for i, (e, h, fd, err) in enumerate(zip(exponents, hs, estimates, errors)):
    # every other power of ten, plus the two rows the summary below names: the best h and
    # the first h that is lost
    if e in (0, 1, 2, 4, 6, 8, 10, 12, 14, 16, 17) or i in (best, lost_at):
        mark = "   ← best" if i == best else "   ← lost" if i == lost_at else ""
        print(f"{signed(h):8.0e}   {signed(fd):+.12f}        {signed(err):.1e}{mark}")
lost = hs[lost_at]
print(
    f"best h = {signed(hs[best]):.0e}: error {signed(errors[best]):.1e}; from h = "
    f"{signed(lost):.0e} on, "
    f"C₀(W₁ + h) == C₀(W₁) in float64 and the estimate is 0"
)

# %%
fig, (left, right) = plt.subplots(1, 2, layout="constrained")
n = 121 if not cfg.quick else 41
ws = [-2.5 + 7.5 * i / (n - 1) for i in range(n)]
left.plot(ws, [C0_at(w) for w in ws], color="#1f4e8c", lw=3, label="C₀(W₁)")
tangent = [C0 + slope * (w - W1) for w in ws]
left.plot(ws, tangent, color="#c0392b", lw=2.5,
          label=f"tangent, slope ∂C₀/∂W₁ = {signed(slope):+.4f} (backward())")  # fmt: skip
for h, color in ((3.0, "#f5b041"), (1.5, "#e67e22"), (0.5, "#a04000")):
    s = forward_difference(W1, h)
    left.plot([W1, W1 + h], [C0, C0_at(W1 + h)], "o--", color=color, lw=2,
              label=f"secant, h = {number(h)}: slope {signed(s):+.4f}")  # fmt: skip
left.plot([W1], [C0], "ko", ms=9)
left.set_xlabel("W₁ (everything else fixed)")
left.set_ylabel("C₀")
left.set_title("Nudge W₁ by h: C₀ changes by ≈ ∂C₀/∂W₁ · h")
left.legend(loc="upper left", fontsize=11)
left.set_ylim(top=0.63)

right.loglog(
    hs, [max(e, 1e-17) for e in errors], "o-", color="#1f4e8c", label="|estimate − backward()|"
)
right.loglog(hs, [0.002 * h for h in hs], ":", color="#7f8c8d", lw=2, label="∝ h (the curve bends)")
right.loglog(hs, [1.1e-16 / h for h in hs], "--", color="#7f8c8d", lw=2,
             label="∝ 10⁻¹⁶/h (rounding)")  # fmt: skip
right.axvline(hs[best], color="#27ae60", lw=2, ls=":")
right.text(
    2e-10,
    2e-11,
    f"h ≤ {signed(lost):.0e}: C₀(W₁+h) == C₀(W₁),\nthe nudge is lost (estimate 0)",
    fontsize=12,
)
right.set_ylim(1e-11, 10)
right.invert_xaxis()
right.set_xlabel("nudge h (shrinking →)")
right.set_ylabel("error of (C₀(W₁+h) − C₀(W₁))/h")
right.set_title(f"Converges until h ≈ {signed(hs[best]):.0e}, then rounding wins")
right.legend(loc="upper center", fontsize=11)
fig.suptitle("A derivative is the effect of a small nudge, per unit of nudge")
png = save_figure(fig, "05b_nudge")
