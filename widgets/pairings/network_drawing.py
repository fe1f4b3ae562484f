"""One county's pairings drawn as a network: each 联系人 on the left joined by a line to each of
their 联系对象 on the right (an SVG, escaped by construction; nothing loaded from outside)."""
from __future__ import annotations

from toolkit.core.markup import Markup, html, join

LEFT, RIGHT, WIDTH = 8, 430, 640
MENTOR_ROW, MENTEE_ROW = 24, 20


def network_svg(mentors: dict[str, list[str]]) -> Markup:
    """`mentors`: 联系人 label → the names they are paired with (toolkit.pairings.queries.network)."""
    mentees = list(dict.fromkeys(name for names in mentors.values() for name in names))
    row_of = {name: i for i, name in enumerate(mentees)}
    height = max(len(mentors) * MENTOR_ROW, len(mentees) * MENTEE_ROW) + 16
    # The two columns spread over the same height, so lines slope gently instead of bunching.
    mentor_step = (height - 16) / max(len(mentors), 1)
    mentee_step = (height - 16) / max(len(mentees), 1)
    lines, labels = [], []
    for i, (mentor, names) in enumerate(mentors.items()):
        y = 12 + i * mentor_step + mentor_step / 2
        labels.append(html('<text x="{}" y="{}" font-weight="bold">{}（{}）</text>', LEFT, round(y + 4), mentor, len(names)))
        for name in names:
            y2 = 12 + row_of[name] * mentee_step + mentee_step / 2
            lines.append(html('<line x1="{}" y1="{}" x2="{}" y2="{}"/>', RIGHT - 150, round(y), RIGHT - 6, round(y2)))
    for name, j in row_of.items():
        labels.append(html('<text x="{}" y="{}">{}</text>', RIGHT, round(12 + j * mentee_step + mentee_step / 2 + 4), name))
    return html('<svg class="lz-network" role="img" aria-label="结对网络图：左为联系人，右为联系对象" '
                'width="{}" height="{}" viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg" font-size="12">'
                '<g stroke="#b71c1c" stroke-opacity="0.35">{}</g><g fill="#1a1a1a">{}</g></svg>',
                WIDTH, height, WIDTH, height, join(lines), join(labels))
