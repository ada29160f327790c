#!/usr/bin/python3
"""Reference values for test/unit/stats.test.ts, written to test/fixtures/stats-reference.json.

Generated once, and again only when cases change, with Debian bookworm's own packages
(apt-get install -y python3-scipy python3-statsmodels python3-mpmath), run by the system interpreter:

    /usr/bin/python3 scripts/stats-reference.py && npx biome format --write test/fixtures/stats-reference.json

Versions used: python3-scipy 1.10.1, python3-statsmodels 0.13.5, python3-mpmath 1.2.1, numpy 1.24.2.

Nothing here shares code or method with src/stats:
- special functions come from mpmath at 40 digits (the Beta distribution function with parameters in the
  millions by mpmath quadrature of the density, where its hypergeometric series does not converge);
- the procedures come from statsmodels and scipy (proportion_confint, proportions_ztest, chi2_contingency,
  chisquare, multipletests, NormalIndPower);
- probability to be best comes from scipy's adaptive quadrature (QUADPACK) over scipy's Beta distribution
  function, checked against Evan Miller's exact finite sum for two variants (in mpmath, or in extended precision
  for a hundred million sends); expected loss from
  E[max] = integral of (1 - product of the distribution functions), not the form the TypeScript uses;
- the pooled-normal sample size is the textbook (Fleiss) formula; shrinkage maximises the beta-binomial marginal
  likelihood with scipy's bounded Brent search over scipy's betaln.
"""

import json
import math
from pathlib import Path

import mpmath as mp
import numpy as np
from scipy import integrate, optimize, special, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_confint, proportion_effectsize, proportions_ztest

mp.mp.dps = 40
OUT = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "stats-reference.json"


def f(x):
    return float(x)


# --- special functions (mpmath) -------------------------------------------------------------------------------


def log_gamma_cases():
    xs = [1e-8, 0.1, 0.5, 1, 1.5, 2, 2.5, 3, 4.2, 7.3, 9.99, 10, 10.5, 33.3, 171.5, 1000, 2000001, 1e10]
    return [{"x": x, "expected": f(mp.loggamma(mp.mpf(x)))} for x in xs]


def mp_log_beta(a, b):
    a, b = mp.mpf(a), mp.mpf(b)
    return mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)


def log_beta_cases():
    pairs = [
        (1, 1), (0.5, 0.5), (2, 3), (1e-3, 5), (3.5, 9.7), (5, 15), (9.5, 10.5), (10, 1e6),
        (1, 2000001), (2000001, 1), (400001, 1600001), (1000001, 1000001),
    ]
    return [{"a": a, "b": b, "expected": f(mp_log_beta(a, b))} for a, b in pairs]


def mp_beta_cdf(x, a, b):
    """I_x(a, b): mpmath's series for moderate parameters, quadrature of the density for large ones."""
    if a + b < 1e4:
        return mp.betainc(a, b, 0, x, regularized=True)
    a, b, x = mp.mpf(a), mp.mpf(b), mp.mpf(x)
    lb = mp_log_beta(a, b)

    def density(t):
        return mp.exp((a - 1) * mp.log(t) + (b - 1) * mp.log1p(-t) - lb)

    mean = a / (a + b)
    sd = mp.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    # Pieces a tenth of a standard deviation wide: coarser ones lose digits in the far tails.
    if x <= mean:
        lo = max(mp.mpf(0), x - 40 * sd)
        return mp.quad(density, [lo + (x - lo) * k / 400 for k in range(401)])
    hi = min(mp.mpf(1), x + 40 * sd)
    return 1 - mp.quad(density, [x + (hi - x) * k / 400 for k in range(401)])


def regularized_beta_cases():
    triples = [
        (0.5, 1, 1), (0.3, 2, 3), (0.9, 2, 3), (0.01, 0.5, 0.5), (0.999, 0.5, 0.5), (0.2, 5, 15),
        (0.05, 50, 950), (0.1, 50, 950), (0.001, 50, 950), (0.3, 1, 1e4),
        (1e-6, 1, 2000001), (5e-7, 2, 2000000), (0.195, 400001, 1600001), (0.199, 400001, 1600001),
        (0.2, 400001, 1600001), (0.2003, 400001, 1600001), (0.5001, 1000000, 1000001),
    ]
    return [{"x": x, "a": a, "b": b, "expected": f(mp_beta_cdf(x, a, b))} for x, a, b in triples]


def chi_square_survival_cases():
    pairs = [
        (0, 1), (1e-6, 1), (0.5, 1), (3.841458820694124, 1), (5.99, 2), (10, 3), (0.1, 19), (30, 19),
        (200, 1), (250, 1), (500, 7), (1000, 19),
    ]
    return [
        {"x": x, "dof": k, "expected": f(mp.gammainc(mp.mpf(k) / 2, mp.mpf(x) / 2, mp.inf, regularized=True))}
        for x, k in pairs
    ]


def normal_cdf_cases():
    zs = [-38, -30, -13.3, -8, -5, -1.96, -1, -0.5, -1e-8, 0, 0.3, 1, 1.5, 1.96, 3, 5, 8.5, 13.3]
    return [{"z": z, "expected": f(mp.ncdf(mp.mpf(z)))} for z in zs]


def normal_survival_cases():
    zs = [0, 1.96, 5, 13.3, 20, 37]
    return [{"z": z, "expected": f(mp.ncdf(-mp.mpf(z)))} for z in zs]


def normal_quantile_cases():
    ps = [1e-300, 1e-100, 1e-40, 1e-10, 1e-5, 0.001, 0.02, 0.02425, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999, 1 - 1e-10]
    out = []
    for p in ps:
        target = mp.mpf(p)
        root = mp.findroot(lambda x: mp.ncdf(x) - target, mp.mpf(special.ndtri(p)))
        out.append({"p": p, "expected": f(root)})
    return out


# --- procedures (statsmodels, scipy) --------------------------------------------------------------------------


def wilson_cases():
    cases = [
        (0, 1, 0.05), (1, 1, 0.05), (0, 100, 0.05), (100, 100, 0.05), (37, 412, 0.05), (1, 2, 0.01),
        (5, 40, 0.1), (400000, 2000000, 0.05), (1, 2000000, 0.05), (1999999, 2000000, 0.05),
    ]
    out = []
    for x, n, alpha in cases:
        lower, upper = proportion_confint(x, n, alpha=alpha, method="wilson")
        out.append({"successes": x, "trials": n, "alpha": alpha, "lower": f(lower), "upper": f(upper)})
    return out


def z_test_cases():
    defined = [
        ((10, 100), (15, 100)), ((1, 1), (0, 1)), ((0, 1), (1, 2)), ((200, 1000), (150, 1200)),
        ((0, 1000), (5, 1000)), ((400000, 2000000), (400800, 2000000)), ((400000, 2000000), (400001, 2000000)),
        ((20000, 100000), (22500, 100000)), ((1000000, 2000000), (1000000, 2000000)),
    ]
    out = []
    for control, variant in defined:
        z, p = proportions_ztest([variant[0], control[0]], [variant[1], control[1]])
        out.append({"control": control, "variant": variant, "z": f(z), "pValue": f(p)})
    for control, variant in [((0, 100), (0, 100)), ((100, 100), (50, 50)), ((0, 0), (5, 10))]:
        out.append({"control": control, "variant": variant, "z": None, "pValue": None})
    return out


def chi_square_independence_cases():
    tables = [
        [(10, 100), (15, 100)],
        [(10, 100), (15, 100), (30, 120)],
        [(400000 + d, 2000000) for d in (0, 150, -100, 300, 50, 400, -200, 250)],
        [(20000, 100000), (22500, 100000), (21000, 100000)],
        [(1, 1), (0, 1)],
    ]
    out = []
    for rows in tables:
        table = np.array([[x, n - x] for x, n in rows])
        statistic, p, dof, _ = stats.chi2_contingency(table, correction=False)
        out.append({"rows": rows, "statistic": f(statistic), "dof": int(dof), "pValue": f(p)})
    for rows in [[(0, 100), (0, 50)], [(5, 5), (3, 3)], [(0, 0), (1, 2)], [(3, 10)]]:
        out.append({"rows": rows, "statistic": None, "dof": None, "pValue": None})
    return out


def sample_ratio_cases():
    cases = [
        ([5000, 5100], [1, 1]), ([10000, 10300], [1, 1]), ([50000, 51000, 49000], [1, 1, 1]),
        ([9000, 1100], [0.9, 0.1]), ([1000000, 1003000], [1, 1]), ([100000, 110000], [1, 1]),
        ([300, 200, 500], [3, 2, 5]),
    ]
    out = []
    for observed, split in cases:
        total = sum(observed)
        expected = [total * w / sum(split) for w in split]
        statistic, p = stats.chisquare(observed, f_exp=expected)
        out.append({"observed": observed, "split": split, "statistic": f(statistic), "dof": len(observed) - 1, "pValue": f(p)})
    out.append({"observed": [0, 0], "split": [1, 1], "statistic": None, "dof": None, "pValue": None})
    return out


def benjamini_hochberg_cases():
    sets = [[0.01, 0.04, 0.03, 0.005], [0.5], [0.02, 0.02, 0.02], [1e-45, 0.3, 0.9, 0.04, 0.049], [0.9, 0.95, 1]]
    return [{"pValues": ps, "adjusted": [f(x) for x in multipletests(ps, method="fdr_bh")[1]]} for ps in sets]


# --- posteriors (scipy quadrature; exact sum for two) ---------------------------------------------------------


def beta_params(count):
    x, n = count
    return 1 + x, 1 + n - x


def support(a, b):
    mean = a / (a + b)
    sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    return max(0.0, mean - 45 * sd), min(1.0, mean + 45 * sd)


def pieces(params, lo, hi):
    """Break points: every posterior's support cut in 100, kept within [lo, hi]."""
    points = {lo, hi}
    for a, b in params:
        s0, s1 = support(a, b)
        points.update(x for x in np.linspace(s0, s1, 101) if lo < x < hi)
    return sorted(points)


def quad_pieces(fn, points):
    return sum(integrate.quad(fn, x0, x1, epsabs=1e-14, epsrel=1e-11, limit=200)[0] for x0, x1 in zip(points, points[1:]))


def probability_best_quad(params):
    out = []
    for i, (a, b) in enumerate(params):
        others = [p for j, p in enumerate(params) if j != i]

        log_norm = f(mp_log_beta(a, b))

        def integrand(x, a=a, b=b, others=others, log_norm=log_norm):
            value = math.exp((a - 1) * math.log(x) + (b - 1) * math.log1p(-x) - log_norm) if 0 < x < 1 else 0.0
            for c, d in others:
                value *= special.betainc(c, d, x)
            return value

        out.append(quad_pieces(integrand, pieces(params, *support(a, b))))
    return out


def expected_max_quad(params):
    """E[max] = integral over [0, 1] of (1 - prod F_j)."""
    top = max(support(a, b)[1] for a, b in params)

    def integrand(x):
        return 1 - math.prod(special.betainc(a, b, x) for a, b in params)

    return quad_pieces(integrand, pieces(params, 0.0, top))


def probability_b_beats_a_exact(first, second):
    """Evan Miller's sum for P(p_second > p_first), terms by their ratio, in mpmath."""
    (a1, b1), (a2, b2) = [tuple(mp.mpf(v) for v in p) for p in (first, second)]
    term = mp.exp(mp_log_beta(a1, b1 + b2) - mp_log_beta(a1, b1))
    total = term
    for i in range(int(a2) - 1):
        term *= (a1 + i) / (a1 + b1 + b2 + i) * (b2 + i) / (1 + i)
        total += term
    return total


def probability_b_beats_a_long(first, second):
    """The same sum for tens of millions of terms: log-ratios accumulated in x87 extended precision (numpy)."""
    start = np.longdouble(str(mp_log_beta(first[0], first[1] + second[1]) - mp_log_beta(*first)))
    (a1, b1), (a2, b2) = [tuple(np.longdouble(v) for v in p) for p in (first, second)]
    i = np.arange(0, int(a2) - 1, dtype=np.longdouble)
    logs = np.concatenate([[start], start + np.cumsum(np.log((a1 + i) / (a1 + b1 + b2 + i) * (b2 + i) / (1 + i)))])
    top = logs.max()
    return f(np.exp(top) * np.sum(np.exp(logs - top)))


def large_posterior_cases():
    """A hundred million sends per variant, the most the endpoint accepts; expected loss is not computed here."""
    out = []
    for counts in [[(20000000, 100000000), (20004000, 100000000)]]:
        exact = probability_b_beats_a_long(*[beta_params(c) for c in counts])
        out.append({"counts": counts, "probabilityToBeBest": [1 - exact, exact]})
    return out


def posterior_cases():
    sets = [
        [(10, 100), (15, 100)],
        [(400000, 2000000), (400800, 2000000)],
        [(400000, 2000000), (400001, 2000000)],
        [(0, 0), (400800, 2000000)],
        [(0, 2000000), (1, 2000000)],
        [(1, 1), (0, 1)],
        [(200000, 2000000), (600000, 2000000)],
        [(5, 5), (3, 3), (10, 10)],
        [(0, 10), (0, 20), (0, 5)],
        [(120, 1000), (135, 1000), (110, 980)],
        [(50, 500), (50, 500), (50, 500)],
        [(3, 10), (40000, 200000), (2, 3)],
        [(400000 + 300 * i, 2000000) for i in range(8)],
        [(400000 + d, 2000000) for d in (0, 150, -100, 300, 50, 400, -200, 250)],
    ]
    out = []
    for counts in sets:
        params = [beta_params(c) for c in counts]
        best = probability_best_quad(params)
        if len(params) == 2:
            exact = f(probability_b_beats_a_exact(*params))
            # scipy 1.10's betainc (Cephes) is off by about 4e-9 relative at parameters in the millions.
            assert abs(exact - best[1]) < 1e-8 and abs(1 - exact - best[0]) < 1e-8, (counts, exact, best)
            best = [1 - exact, exact]
        expected_max = expected_max_quad(params)
        loss = [expected_max - a / (a + b) for a, b in params]
        out.append({"counts": counts, "probabilityToBeBest": best, "expectedLoss": loss})
    return out


# --- sample size (statsmodels; Fleiss) ------------------------------------------------------------------------


def sample_size_cases():
    cases = [
        (0.2, 0.22, 0.05, 0.8), (0.1, 0.12, 0.05, 0.9), (0.3, 0.25, 0.01, 0.8), (0.02, 0.025, 0.05, 0.8),
        (0.5, 0.51, 0.05, 0.8), (0.2, 0.3, 0.05 / 3, 0.8), (0.2, 0.6, 0.05, 0.8), (0.05, 0.5, 0.05, 0.8), (0.2, 0.25, 0.2, 0.3),
    ]
    out = []
    for p1, p2, alpha, power in cases:
        h = abs(proportion_effectsize(p2, p1))
        n_h = NormalIndPower().solve_power(effect_size=h, alpha=alpha, power=power, ratio=1, alternative="two-sided")
        z_a, z_b = stats.norm.isf(alpha / 2), stats.norm.ppf(power)
        # statsmodels' solver stops within about 1e-8 of the root of its own power equation; check it found it.
        def shortfall(n, h=h, z_a=z_a, power=power):
            return stats.norm.sf(z_a - h * math.sqrt(n / 2)) + stats.norm.cdf(-z_a - h * math.sqrt(n / 2)) - power

        root = optimize.brentq(shortfall, 1e-9, 1e9, xtol=1e-14, rtol=1e-15)
        assert abs(n_h - root) < 1e-7 * root, (p1, p2, alpha, power, n_h, root)
        p_bar = (p1 + p2) / 2
        n_pooled = (z_a * math.sqrt(2 * p_bar * (1 - p_bar)) + z_b * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p1 - p2) ** 2
        out.append({"baseline": p1, "target": p2, "alpha": alpha, "power": power, "cohensH": f(n_h), "pooledNormal": n_pooled})
    return out


# --- empirical-Bayes shrinkage (scipy) ------------------------------------------------------------------------


def shrink(cells):
    x = np.array([c[0] for c in cells], dtype=float)
    n = np.array([c[1] for c in cells], dtype=float)
    mu = x.sum() / n.sum()
    if mu in (0.0, 1.0):
        return mu, None, [mu] * len(cells)

    def loglik(log_s):
        s = math.exp(log_s)
        return float(np.sum(special.betaln(x + mu * s, n - x + (1 - mu) * s) - special.betaln(mu * s, (1 - mu) * s)))

    found = optimize.minimize_scalar(lambda t: -loglik(t), bounds=(math.log(1e-3), math.log(1e9)), method="bounded", options={"xatol": 1e-10})
    binomial = float(np.sum(x * math.log(mu) + (n - x) * math.log1p(-mu)))
    if binomial >= loglik(found.x):
        return mu, None, [mu] * len(cells)
    s = math.exp(found.x)
    return mu, s, [f(v) for v in (x + mu * s) / (n + s)]


def shrinkage_cases():
    rng = np.random.RandomState(7)
    sizes = rng.randint(20, 400, size=24)
    rates = rng.beta(8, 40, size=24)
    dispersed = [(int(rng.binomial(s, r)), int(s)) for s, r in zip(sizes, rates)]
    sets = [dispersed, [(3, 10), (40, 100), (1, 50)], [(10, 100), (20, 200), (5, 50)], [(0, 10), (0, 30)]]
    out = []
    for cells in sets:
        mu, s, shrunk = shrink(cells)
        out.append({"cells": cells, "overallRate": mu, "priorStrength": s, "rates": shrunk})
    return out


def main():
    reference = {
        "generatedBy": "scripts/stats-reference.py with Debian bookworm python3-scipy 1.10.1, "
        "python3-statsmodels 0.13.5, python3-mpmath 1.2.1",
        "logGamma": log_gamma_cases(),
        "logBeta": log_beta_cases(),
        "regularizedBeta": regularized_beta_cases(),
        "chiSquareSurvival": chi_square_survival_cases(),
        "normalCdf": normal_cdf_cases(),
        "normalSurvival": normal_survival_cases(),
        "normalQuantile": normal_quantile_cases(),
        "wilson": wilson_cases(),
        "zTest": z_test_cases(),
        "chiSquareIndependence": chi_square_independence_cases(),
        "sampleRatio": sample_ratio_cases(),
        "benjaminiHochberg": benjamini_hochberg_cases(),
        "posteriors": posterior_cases(),
        "largePosteriors": large_posterior_cases(),
        "sampleSize": sample_size_cases(),
        "shrinkage": shrinkage_cases(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(reference, indent=2) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
