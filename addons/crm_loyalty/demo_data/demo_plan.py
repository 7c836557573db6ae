# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plan of the loyalty demo data as plain functions: no Odoo import.

RFM scores are quintiles (``ntile(5)``) of recency and frequency over the
company's active customers. With 25 customers whose recency and frequency
fall in five separated ranges, each quintile holds exactly the five customers
of one range, so giving one customer to each (R, F) cell of the 5 x 5 grid
fills every cell, hence every segment of ``scoring._SEGMENT_GRID``.

Customers that already bought before the demo runs (other demo data) can
only get more recent and more frequent: they take cells of the two most
recent rows whose frequency range is not below what they already have.
"""

# Days since the last purchase, per R score: separated ranges.
RECENCY = {5: (0, 2), 4: (12, 40), 3: (60, 100), 2: (120, 180), 1: (200, 320)}
# Purchases in the window, per F score: separated ranges (the last one wide
# enough for the busiest customers of other demo data; demo customers of that
# range get 8 or 9).
FREQUENCY = {1: (1, 1), 2: (2, 2), 3: (3, 4), 4: (5, 7), 5: (8, 25)}
CELLS = [(r, f) for r in (5, 4, 3, 2, 1) for f in (5, 4, 3, 2, 1)]


def assign_cells(existing):
    """Cells of the customers who already bought.

    ``existing`` is a list of (key, frequency so far, days since the last
    purchase). Returns ({key: (r, f)}, [keys left without a cell]). Each
    gets one more purchase to pin its recency, so its frequency range must
    hold one more; a customer who bought too recently for the second row
    goes to the first. The most frequent buyers choose first, each the
    lowest frequency range that holds them, in the most recent row with such
    a cell free.
    """
    free = {(r, f) for r in (5, 4) for f in FREQUENCY}
    cells, left = {}, []
    for key, frequency, recency in sorted(existing, key=lambda item: (-item[1], item[2])):
        rows = (5, 4) if recency >= RECENCY[4][0] else (5,)
        choice = None
        for r in rows:
            for f in sorted(FREQUENCY):
                if (r, f) in free and FREQUENCY[f][1] >= frequency + 1:
                    choice = (r, f)
                    break
            if choice:
                break
        if choice:
            free.discard(choice)
            cells[key] = choice
        else:
            left.append(key)
    return cells, left


def purchase_days(rng, recency, frequency, window=365):
    """Days ago of ``frequency`` purchases in the window, the last one
    ``recency`` days ago, the others spread over the rest of the window."""
    days = [recency]
    span = window - 1 - recency
    for i in range(1, frequency):
        days.append(recency + max(1, int(span * i / frequency) - rng.randint(0, 3)))
    return sorted(days)
