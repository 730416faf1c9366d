/**
 * A grouped bar chart panel as SVG markup, written by hand: title, legend, y axis (linear or
 * log10) with grid lines, one group of bars per x category, the value above each bar.
 */

export interface Series {
  readonly label: string;
  readonly color: string;
}

export interface BarPanel {
  readonly title: string;
  readonly yLabel: string;
  readonly xLabel: string;
  readonly groups: readonly string[];
  readonly series: readonly Series[];
  /** values[group][series]; null draws no bar and writes "n/a". */
  readonly values: readonly (readonly (number | null)[])[];
  readonly log: boolean;
  readonly format: (value: number) => string;
  /** Written across the plot when there are no groups. */
  readonly empty?: string;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const n = (value: number) => Number(value.toFixed(1));

interface Scale {
  readonly ticks: readonly number[];
  /** 0 at the axis bottom, 1 at its top. */
  position(value: number): number;
}

function logScale(values: readonly number[]): Scale {
  const positive = values.filter((v) => v > 0);
  const lo = Math.floor(Math.log10(Math.min(...positive, 1)));
  const hi = Math.max(Math.ceil(Math.log10(Math.max(...positive, 1))), lo + 1);
  const ticks: number[] = [];
  for (let p = lo; p <= hi; p++) ticks.push(10 ** p);
  return {
    ticks,
    position: (v) => (v <= 0 ? 0 : (Math.log10(v) - lo) / (hi - lo)),
  };
}

function linearScale(values: readonly number[]): Scale {
  const max = Math.max(...values, 1);
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= top + step / 2; t += step) ticks.push(t);
  return { ticks, position: (v) => Math.max(0, v) / top };
}

export function barPanel(panel: BarPanel, box: Box): string {
  const out: string[] = [
    `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" fill="#ffffff" stroke="#d0d4da"/>`,
    `<text x="${box.x + 14}" y="${box.y + 24}" font-size="15" font-weight="600">${escapeXml(panel.title)}</text>`,
  ];
  // Legend under the title, wrapped onto more rows when it is wider than the panel.
  let lx = box.x + 14;
  let ly = box.y + 36;
  for (const s of panel.series) {
    const width = 24 + s.label.length * 7;
    if (lx + width > box.x + box.width - 10 && lx > box.x + 14) {
      lx = box.x + 14;
      ly += 18;
    }
    out.push(
      `<rect x="${lx}" y="${ly}" width="12" height="12" fill="${s.color}"/>`,
      `<text x="${lx + 17}" y="${ly + 10}" font-size="12">${escapeXml(s.label)}</text>`,
    );
    lx += width + 6;
  }
  const plot = {
    left: box.x + 70,
    right: box.x + box.width - 16,
    top: ly + 30,
    bottom: box.y + box.height - 48,
  };
  const plotHeight = plot.bottom - plot.top;
  const values = panel.values.flat().filter((v): v is number => v !== null);
  const scale = panel.log ? logScale(values) : linearScale(values);
  const yOf = (v: number) => plot.bottom - scale.position(v) * plotHeight;

  // Y axis, grid and tick labels.
  for (const tick of scale.ticks) {
    const y = n(yOf(tick));
    out.push(
      `<line x1="${plot.left}" y1="${y}" x2="${plot.right}" y2="${y}" stroke="#e6e8eb"/>`,
      `<text x="${plot.left - 6}" y="${y + 4}" font-size="11" text-anchor="end" fill="#444">${escapeXml(panel.format(tick))}</text>`,
    );
  }
  const midY = (plot.top + plot.bottom) / 2;
  out.push(
    `<text x="${box.x + 16}" y="${midY}" font-size="12" text-anchor="middle" transform="rotate(-90 ${box.x + 16} ${midY})">${escapeXml(panel.yLabel)}${panel.log ? ' (log scale)' : ''}</text>`,
    `<line x1="${plot.left}" y1="${plot.top}" x2="${plot.left}" y2="${plot.bottom}" stroke="#555"/>`,
    `<line x1="${plot.left}" y1="${plot.bottom}" x2="${plot.right}" y2="${plot.bottom}" stroke="#555"/>`,
    `<text x="${(plot.left + plot.right) / 2}" y="${box.y + box.height - 10}" font-size="12" text-anchor="middle">${escapeXml(panel.xLabel)}</text>`,
  );
  if (panel.groups.length === 0 && panel.empty)
    out.push(
      `<text x="${(plot.left + plot.right) / 2}" y="${midY}" font-size="13" text-anchor="middle" fill="#666">${escapeXml(panel.empty)}</text>`,
    );
  // Bars.
  const groupWidth = (plot.right - plot.left) / Math.max(panel.groups.length, 1);
  const barWidth = Math.min(40, (groupWidth * 0.8) / Math.max(panel.series.length, 1));
  panel.groups.forEach((group, g) => {
    const center = plot.left + groupWidth * (g + 0.5);
    const start = center - (barWidth * panel.series.length) / 2;
    out.push(
      `<text x="${n(center)}" y="${plot.bottom + 17}" font-size="12" text-anchor="middle">${escapeXml(group)}</text>`,
    );
    panel.series.forEach((s, i) => {
      const value = panel.values[g]?.[i] ?? null;
      const x = n(start + i * barWidth + 1);
      const labelX = n(start + (i + 0.5) * barWidth);
      if (value === null) {
        out.push(
          `<text x="${labelX}" y="${plot.bottom - 4}" font-size="9.5" text-anchor="middle" fill="#888">n/a</text>`,
        );
        return;
      }
      const y = n(Math.min(yOf(value), plot.bottom - 1));
      out.push(
        `<rect x="${x}" y="${y}" width="${n(barWidth - 2)}" height="${n(plot.bottom - y)}" fill="${s.color}"><title>${escapeXml(`${group}, ${s.label}: ${panel.format(value)}`)}</title></rect>`,
        `<text x="${labelX}" y="${n(y - 4)}" font-size="9.5" text-anchor="middle" fill="#222">${escapeXml(panel.format(value))}</text>`,
      );
    });
  });
  return out.join('\n');
}
