# %% [markdown]
# # 5b. What a derivative is: the nudge
#
# The lecture wants "the impact of weight W on the cost function C₀". That is what ∂C₀/∂W₁
# measures: nudge W₁ by a small h, and C₀ changes by about ∂C₀/∂W₁ · h. So the slope of
# the secant, (C₀(W₁ + h) − C₀(W₁)) / h, approaches ∂C₀/∂W₁ as h shrinks — the number
# backward() computed by the chain rule in demo 5.
#
# Honest small print (an advanced figure): on a computer it gets better only down to
# h ≈ 10⁻⁷. A float64 holds
# about 16 digits; C₀(W₁ + h) and C₀(W₁) agree in more and more of them, and their difference
# is left with fewer and fewer correct digits (rounding error ≈ 10⁻¹⁶/h). Below that h the
# estimate gets *worse* again, and from h ≈ 10⁻¹⁵ on the nudge is lost entirely:
# C₀(W₁ + h) == C₀(W₁) in float64, and the estimate is 0.

# %%
import matplotlib.pyplot as plt

from autograd import no_grad
from autograd.notation.numbers import number
from autograd.show import palette
from demos.context import save_figure, settings, signed, slide_style
from demos.lecture_net import forward_difference
from demos.plots import label_end
from nn.lecture import lecture_network

cfg = settings()
slide_style()
net = lecture_network()  # the slides' x = 0.5, y = 1, W₁ = 0.8, b₁ = 0.1, W₂ = −1.2, b₂ = 0.3
net.C0.backward()
W1, C0, slope = net.W1.data, net.C0.data, net.W1.grad
print(
    f"at W₁ = {W1}: C₀ = {number(C0)} ({C0:.6f}), ∂C₀/∂W₁ from backward() = {number(slope)} "
    f"({signed(slope):+.10f})"
)


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
fig, ax = plt.subplots(layout="constrained")
n = 121 if not cfg.quick else 41
ws = [-2.5 + 7.5 * i / (n - 1) for i in range(n)]
curve_color, tangent_color = palette.SERIES[0], palette.SERIES[1]
ax.plot(ws, [C0_at(w) for w in ws], color=curve_color, lw=3.5, ls="-")
label_end(ax, ws, [C0_at(w) for w in ws], "C₀(W₁)", curve_color)
ts = [W1 + d for d in (-3.0, 2.2)]
ax.plot(ts, [C0 + slope * (w - W1) for w in ts], color=tangent_color, lw=3, ls="--")
# above the tangent's end, in two lines, a short arrow down to it: on one line, set right of
# its end, it started outside the axes (the frame cut "tangent")
ax.annotate(f"tangent: slope ∂C₀/∂W₁\n= {number(slope)} (backward())", (ts[1], C0 + slope * 2.2),
            xytext=(-40, 50), textcoords="offset points", color=tangent_color,
            fontweight="bold", ha="center", va="bottom",
            arrowprops={"arrowstyle": "-", "color": tangent_color})  # fmt: skip
for k, h in enumerate((3.0, 1.5, 0.5)):
    s = forward_difference(W1, h)
    color = palette.SERIES[2 + k]
    ax.plot([W1, W1 + h], [C0, C0_at(W1 + h)], "o" + palette.LINESTYLES[2 - k % 2], color=color,
            lw=2.5, ms=8)  # fmt: skip
    ax.annotate(f"h = {number(h)}: slope {number(s)}", (W1 + h, C0_at(W1 + h)),
                xytext=(12, -26), textcoords="offset points", color=color,
                fontweight="bold")  # fmt: skip
ax.plot([W1], [C0], "o", color=palette.INK, ms=11)
ax.annotate(f"W₁ = {number(W1)}, C₀ = {number(C0)}", (W1, C0), xytext=(10, -40),
            textcoords="offset points", ha="left")  # fmt: skip
ax.set_xlabel("W₁ (x = 0.5, y = 1, b₁ = 0.1, W₂ = −1.2, b₂ = 0.3 fixed)")
ax.set_ylabel("C₀ = (a₂ − y)²")
ax.set_xlim(-2.5, 6.3)
ax.set_ylim(top=0.63)
fig.suptitle("A derivative is the effect of a nudge: (C₀(W₁ + h) − C₀(W₁))/h → ∂C₀/∂W₁ as h → 0")
png = save_figure(fig, "05b_nudge")

# %% [markdown]
# Small print, for the curious (an advanced figure): how close the estimate gets as h shrinks,
# and where float64 rounding takes over.

# %%
fig, right = plt.subplots(layout="constrained")
right.loglog(hs, [max(e, 1e-17) for e in errors], "o-", color=palette.SERIES[0])
right.loglog(hs, [0.002 * h for h in hs], ":", color=palette.GREY, lw=2)
right.loglog(hs, [1.1e-16 / h for h in hs], "--", color=palette.GREY, lw=2)
right.text(3e-2, 2e-3, "∝ h (the curve bends)", color=palette.GREY)
right.text(1e-9, 1e-2, "∝ 10⁻¹⁶/h (rounding)", color=palette.GREY)  # above its line
right.axvline(hs[best], color=palette.SERIES[2], lw=2, ls=":")
right.text(
    2e-10,
    2e-11,
    f"h ≤ {signed(lost):.0e}: C₀(W₁+h) == C₀(W₁),\nthe nudge is lost (estimate 0)",
)
right.set_ylim(1e-11, 10)
right.invert_xaxis()
right.set_xlabel("nudge h (shrinking →)")
right.set_ylabel("|estimate − backward()|")
right.set_title(f"Converges until h ≈ {signed(hs[best]):.0e}, then float64 rounding wins")
png = save_figure(fig, "05b_nudge_rounding", advanced=True)
