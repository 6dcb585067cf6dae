"""A short REPL-style tour of the engine (the full lecture tour arrives with the demos issue)."""

from autograd import Value


def main() -> None:
    x = Value(2.0, label="x")
    w = Value(-0.5, label="w")
    b = Value(0.25, label="b")
    z = w * x + b
    a = z.sigmoid()
    C = (a - 1.0) ** 2
    C.backward()
    for v in (x, w, b, z, a, C):
        print(v)


if __name__ == "__main__":
    main()
