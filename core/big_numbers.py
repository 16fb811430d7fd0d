"""Text for numbers too big for floats or for str(): covering numbers, group orders, grid counts.

Why: m^S and prod d_l! overflow float64 long before width 4,096, and Python refuses str() of
ints with more than 4,300 digits. So huge values travel as log10 and are printed from it;
exact ints are printed in full only when short.
"""

from __future__ import annotations

import math
from fractions import Fraction

FULL_DIGITS = 24  # print ints in full up to this many digits
PLAIN_BELOW = 12  # print values known by their log10 without an exponent below 10**12 (float-exact)


def format_log10(log10_value: float, *, digits: int = 3, plain_below: float = PLAIN_BELOW) -> str:
    """10**log10_value as text: '2,730', '664,256,223', '1.23e+45' or '≈ 10^1,392,000,000' (any size)."""
    if not math.isfinite(log10_value):
        return "0" if log10_value == -math.inf else "∞"
    if -4 <= log10_value < plain_below:
        return _plain(10**log10_value, digits)
    exponent = math.floor(log10_value)
    if abs(exponent) < 10**6:
        return f"{10 ** (log10_value - exponent):.{digits - 1}f}e{exponent:+d}"
    return f"≈ 10^{log10_value:,.0f}"  # the mantissa is below float resolution here


def latex_log10(log10_value: float, *, digits: int = 3) -> str:
    """The same number as LaTeX: '2{,}730' or '1.23 \\times 10^{45}'."""
    if not math.isfinite(log10_value) or -4 <= log10_value < PLAIN_BELOW:
        return format_log10(log10_value, digits=digits).replace(",", "{,}").replace("∞", r"\infty")
    exponent = math.floor(log10_value)
    if abs(exponent) < 10**6:
        return rf"{10 ** (log10_value - exponent):.{digits - 1}f} \times 10^{{{exponent:,}}}".replace(",", "{,}")
    return rf"10^{{{log10_value:,.0f}}}".replace(",", "{,}")


def format_int(value: int) -> str:
    """An exact int: in full when short, else '≈ 1.23e+4567 (log10 = 4567.09)' (no str() of it)."""
    return format_count(int(value), max_digits=FULL_DIGITS)


def log10_exact(value: int | Fraction) -> float:
    """log10 of a positive int or Fraction of any size (math.log10 takes big ints exactly)."""
    value = Fraction(value)
    if value <= 0:
        raise ValueError(f"value {value}: must be positive to take its logarithm")
    return math.log10(value.numerator) - math.log10(value.denominator)


def format_fraction(value: Fraction) -> str:
    """An exact Fraction: an int in full, a short one as a decimal, a huge one from its log10."""
    value = Fraction(value)
    if value.denominator == 1:
        return format_int(value.numerator)
    if value < 10**FULL_DIGITS:
        return f"{float(value):,.2f}"
    return format_log10(log10_exact(value))


def format_real(value: float, *, digits: int = 4) -> str:
    """A float of ordinary size: '830.8', '12,345.6', '1.392e+12', '0.0001234'."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    if 1e-3 <= abs(value) < 1e6:
        return _plain(value, digits)
    return f"{value:.{digits - 1}e}"


def _plain(value: float, digits: int) -> str:
    """No exponent: '2,730', '12,345.6', '3.142', '0.00174' (format 'g' would give '2.73e+03')."""
    if abs(value) >= 100:
        return f"{value:,.1f}".removesuffix(".0")
    return f"{value:.{digits}g}"


def latex_real(value: float, *, digits: int = 4) -> str:
    """format_real as LaTeX: '12{,}345.6', '1.539 \\times 10^{-8}'."""
    text = format_real(value, digits=digits)
    if "e" in text and "inf" not in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text.replace(",", "{,}")


def format_count(count: int, *, max_digits: int = 24) -> str:
    """'106,542,032,486,400' when it fits in ``max_digits`` digits, else '≈ 1.23e+4567 (log10 = 4567.09)'.

    Works for ints far beyond float range and Python's str() digit limit (log10 from the top bits).
    """
    if count < 10 ** max_digits:
        return f"{count:,}"
    shift = max(count.bit_length() - 64, 0)
    log10 = math.log10(count >> shift) + shift * math.log10(2)
    exponent = math.floor(log10)
    return f"≈ {10 ** (log10 - exponent):.2f}e+{exponent} (log10 = {log10:.2f})"
