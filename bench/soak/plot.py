#!/usr/bin/env python3
"""The soak's samples as a small SVG (no dependencies), or as a Markdown table.

    plot.py SAMPLES.csv OUT.svg     three panels over time: VmRSS (MiB), open fds, threads; one line per gateway
    plot.py --table SAMPLES.csv     per gateway: first sample, end of warm-up (30 s), last sample, and the peak
"""
import csv
import sys
from collections import defaultdict

WARM_UP_S = 30
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
PANELS = [("rss_kib", "VmRSS (MiB)", 1 / 1024), ("fds", "open fds", 1), ("threads", "threads", 1)]


def read(path):
    series = defaultdict(list)
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            series[row["process"]].append({k: float(v) for k, v in row.items() if k != "process"})
    return series


def nice_max(v):
    """The smallest 1, 2 or 5 times a power of ten that is at least v (the top of an axis)."""
    m = 1.0
    while True:
        for step in (1, 2, 5):
            if step * m >= v:
                return step * m
        m *= 10


def svg(series, out):
    width, panel_h, left, right, top, gap = 760, 170, 60, 120, 30, 50
    height = top + len(PANELS) * (panel_h + gap)
    t_max = max(s["elapsed_s"] for rows in series.values() for s in rows) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{left}" y="18" font-size="13">HarmonyGen soak: clinic and hospital gateways, sampled every 10 s (x: seconds)</text>']
    plot_w = width - left - right
    for i, (key, label, scale) in enumerate(PANELS):
        y0 = top + i * (panel_h + gap) + 10
        v_max = nice_max(max(s[key] * scale for rows in series.values() for s in rows) * 1.1)
        parts.append(f'<text x="{left}" y="{y0 - 4}" font-weight="bold">{label}</text>')
        parts.append(f'<rect x="{left}" y="{y0}" width="{plot_w}" height="{panel_h}" fill="none" stroke="#999"/>')
        for k in range(5):
            v = v_max * k / 4
            y = y0 + panel_h - panel_h * k / 4
            parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>')
            parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{v:g}</text>')
        for k in range(6):
            t = t_max * k / 5
            x = left + plot_w * k / 5
            parts.append(f'<text x="{x:.1f}" y="{y0 + panel_h + 14}" text-anchor="middle">{t:.0f}</text>')
        wx = left + plot_w * min(WARM_UP_S / t_max, 1)
        parts.append(f'<line x1="{wx:.1f}" x2="{wx:.1f}" y1="{y0}" y2="{y0 + panel_h}" stroke="#bbb" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{wx + 3:.1f}" y="{y0 + panel_h - 4}" fill="#888">end of warm-up</text>')
        for j, (name, rows) in enumerate(sorted(series.items())):
            pts = " ".join(f"{left + plot_w * r['elapsed_s'] / t_max:.1f},{y0 + panel_h - panel_h * r[key] * scale / v_max:.1f}" for r in rows)
            colour = COLOURS[j % len(COLOURS)]
            parts.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
            parts.append(f'<text x="{left + plot_w + 8}" y="{y0 + 14 + 14 * j}" fill="{colour}">{name}</text>')
    parts.append("</svg>")
    with open(out, "w") as f:
        f.write("\n".join(parts) + "\n")


def table(series):
    print("| gateway | | at 0 s (idle) | end of warm-up (30 s) | last sample | peak after warm-up |")
    print("|---|---|---:|---:|---:|---:|")
    for name, rows in sorted(series.items()):
        warm = [r for r in rows if r["elapsed_s"] <= WARM_UP_S]
        after = [r for r in rows if r["elapsed_s"] > WARM_UP_S] or rows
        for key, label, scale in PANELS:
            fmt = (lambda v: f"{v * scale:.1f}") if key == "rss_kib" else (lambda v: f"{v:.0f}")
            print(f"| {name} | {label} | {fmt(rows[0][key])} | {fmt(warm[-1][key])} | {fmt(rows[-1][key])} | {fmt(max(r[key] for r in after))} |")
    last = max((r for rows in series.values() for r in rows), key=lambda r: r["elapsed_s"])
    print(f"\n{int(last['requests'])} requests in {last['elapsed_s']:.0f} s.")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--table":
        table(read(sys.argv[2]))
    elif len(sys.argv) == 3:
        svg(read(sys.argv[1]), sys.argv[2])
    else:
        sys.exit(__doc__)
