#!/usr/bin/env python3
"""Draws a soak CSV (bench/soak/driver.mjs) as an SVG, one panel per metric over time. Standard library only.

    python3 bench/soak/plot.py soak.csv soak.svg
"""
import csv
import sys
from html import escape

PANELS = [
    ("rss_mb", "Jobber RSS (MB)"),
    ("heap_after_gc_mb", "heap used after full GC (MB)"),
    ("metaspace_mb", "metaspace used (MB)"),
    ("threads", "Jobber threads"),
    ("fds", "Jobber open file descriptors"),
    ("pg_connections", "database connections (jobber)"),
    ("pg_rss_mb", "embedded PostgreSQL RSS, all processes (MB)"),
    ("db_size_mb", "database size (MB)"),
    ("log_rows", "log rows"),
    ("runner_containers", "runner containers"),
    ("http_p99_ms", "gateway p99 latency per minute (ms)"),
    ("failures", "failed calls + lost messages + missed ticks (cumulative)"),
]
WIDTH, HEIGHT, COLUMNS = 360, 170, 3
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 26, 30


def number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def series(rows, key):
    if key == "failures":
        parts = ["http_fail", "mqtt_lost", "mqtt_puback_fail", "ticks_missed", "publish_fail", "log_read_fail"]
        return [sum(number(row.get(p)) or 0 for p in parts) for row in rows]
    return [number(row.get(key)) for row in rows]


def ticks(low, high, count=4):
    if high == low:
        return [low]
    return [low + (high - low) * i / count for i in range(count + 1)]


def label(value):
    return f"{value:.0f}" if abs(value) >= 100 or value == int(value) else f"{value:.1f}"


def panel(x0, y0, title, times, values):
    points = [(t, v) for t, v in zip(times, values) if v is not None]
    parts = [f'<g transform="translate({x0},{y0})">',
             f'<text x="{LEFT}" y="16" font-size="12" font-weight="bold">{escape(title)}</text>']
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts.append(f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999"/>')
    if points:
        t_max = max(max(times), 1)
        v_max = max(v for _, v in points)
        v_min = min(0.0, min(v for _, v in points))
        if v_max == v_min:
            v_max = v_min + 1
        v_max *= 1.05
        sx = lambda t: LEFT + plot_w * t / t_max
        sy = lambda v: TOP + plot_h * (1 - (v - v_min) / (v_max - v_min))
        for v in ticks(v_min, v_max):
            parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{sy(v):.1f}" y2="{sy(v):.1f}" stroke="#eee"/>')
            parts.append(f'<text x="{LEFT - 4}" y="{sy(v) + 4:.1f}" font-size="10" text-anchor="end">{label(v)}</text>')
        for t in ticks(0, t_max):
            parts.append(f'<text x="{sx(t):.1f}" y="{TOP + plot_h + 14}" font-size="10" '
                         f'text-anchor="middle">{t / 60:.0f}</text>')
        path = " ".join(f"{'M' if i == 0 else 'L'}{sx(t):.1f},{sy(v):.1f}" for i, (t, v) in enumerate(points))
        parts.append(f'<path d="{path}" fill="none" stroke="#1f77b4" stroke-width="1.5"/>')
        for t, v in points:
            parts.append(f'<circle cx="{sx(t):.1f}" cy="{sy(v):.1f}" r="1.6" fill="#1f77b4"/>')
    parts.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 2}" font-size="10" text-anchor="middle">minutes</text>')
    parts.append("</g>")
    return "\n".join(parts)


def main(source, target):
    with open(source, newline="") as f:
        rows = list(csv.DictReader(f))
    times = [number(row["t_s"]) or 0 for row in rows]
    rows_needed = (len(PANELS) + COLUMNS - 1) // COLUMNS
    width, height = WIDTH * COLUMNS, HEIGHT * rows_needed + 30
    body = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'font-family="sans-serif" viewBox="0 0 {width} {height}">',
            f'<rect width="{width}" height="{height}" fill="white"/>',
            f'<text x="10" y="20" font-size="14" font-weight="bold">Jobber soak: {len(rows)} samples over '
            f'{(max(times) if times else 0) / 60:.0f} minutes</text>']
    for i, (key, title) in enumerate(PANELS):
        body.append(panel((i % COLUMNS) * WIDTH, 30 + (i // COLUMNS) * HEIGHT, title, times, series(rows, key)))
    body.append("</svg>")
    with open(target, "w") as f:
        f.write("\n".join(body) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
