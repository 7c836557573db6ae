#!/usr/bin/env python3
# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fit crm_loyalty's customer value models on the CDNOW sample and compare
with the published figures (scripts/data/README.md).

    .venv/bin/python scripts/clv_validate.py

Prints fitted and published values side by side; exits 1 when one differs
beyond its tolerance. No database, no Odoo: the rules module is loaded from
its file.
"""
import importlib.util
import os
import sys

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
DATA = os.path.join(ROOT, "scripts", "data", "cdnow_summary.csv")

#: (name, published value, tolerance): 3 decimals on BG/NBD, 0.1 on the
#: log-likelihood, 2 decimals on Gamma-Gamma (published with 2), 3 on E[Y].
PUBLISHED = [
    ("BG/NBD r", 0.243, 0.0005),
    ("BG/NBD alpha", 4.414, 0.0005),
    ("BG/NBD a", 0.793, 0.0005),
    ("BG/NBD b", 2.426, 0.0005),
    ("BG/NBD log-likelihood", -9582.4, 0.05),
    ("Gamma-Gamma p", 6.25, 0.005),
    ("Gamma-Gamma q", 3.74, 0.005),
    ("Gamma-Gamma gamma", 15.44, 0.01),
    ("E[Y(39) | x=2, t_x=30.43, T=38.86]", 1.226, 0.0005),
]


def load_rules():
    path = os.path.join(ROOT, "addons", "crm_loyalty", "rules", "clv.py")
    spec = importlib.util.spec_from_file_location("clv", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_summary(path=DATA):
    data = np.genfromtxt(path, delimiter=",", names=True)
    return data["x"], data["t_x"], data["T"], data["zbar"]


def fitted_values(clv, x, t_x, T, zbar):
    bg = clv.bgnbd_fit(x, t_x, T)
    gg = clv.gamma_gamma_fit(x, zbar)
    params = (bg["r"], bg["alpha"], bg["a"], bg["b"])
    ey = float(clv.expected_purchases(params, [2], [30.43], [38.86], 39)[0])
    return [bg["r"], bg["alpha"], bg["a"], bg["b"], bg["log_likelihood"],
            gg["p"], gg["q"], gg["gamma"], ey]


def main():
    clv = load_rules()
    values = fitted_values(clv, *load_summary())
    failed = False
    print("%-36s %12s %12s %10s  %s" % ("figure", "fitted", "published", "tolerance", ""))
    for (name, published, tolerance), value in zip(PUBLISHED, values):
        ok = abs(round(value, 6) - published) <= tolerance
        failed |= not ok
        print("%-36s %12.4f %12.4f %10.4f  %s" % (name, value, published, tolerance,
                                                 "ok" if ok else "DIFFERS"))
    print("CDNOW: %s" % ("differs from the published figures" if failed
                         else "the published figures are reproduced"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
