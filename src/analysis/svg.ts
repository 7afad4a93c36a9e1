// A small SVG chart of a dyad series, written without any canvas or chart library: cooperative
// events (quad classes 1-2) stacked above the axis, conflictual ones (3-4) below, and the
// cooperation index as a line on the right-hand axis from -1 to 1.
import type { DyadSeries } from './dyad.ts';

const COLORS = { q1: '#8fd19e', q2: '#2e8b57', q3: '#f4a261', q4: '#c0392b', line: '#1f3b73' } as const;

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * p >= value) return m * p;
  return 10 * p;
}

export function dyadChartSvg(series: DyadSeries, options: { width?: number; height?: number } = {}): string {
  const width = options.width ?? 900;
  const height = options.height ?? 420;
  const left = 56;
  const right = 56;
  const top = 48;
  const bottom = 64;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const periods = series.periods;
  const up = periods.map((p) => p.by_quad['1'] + p.by_quad['2']);
  const down = periods.map((p) => p.by_quad['3'] + p.by_quad['4']);
  const maxCount = niceMax(Math.max(1, ...up, ...down));
  const midY = top + plotH / 2;
  const yCount = (v: number) => (v / maxCount) * (plotH / 2);
  const yIndex = (v: number) => midY - v * (plotH / 2);
  const n = Math.max(1, periods.length);
  const slot = plotW / n;
  const barW = Math.max(1, slot * 0.8);
  const out: string[] = [];
  const arrow = series.directed ? '→' : '–';
  const title = `${series.a} ${arrow} ${series.b}: events per ${series.period} and cooperation index`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="24" font-size="15" font-weight="bold">${esc(title)}</text>`,
  );
  // grid and axes
  for (const f of [-1, -0.5, 0, 0.5, 1]) {
    const y = midY - f * (plotH / 2);
    out.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${f === 0 ? '#555' : '#e3e3e3'}"/>`,
      `<text x="${left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" fill="#444">${Math.round(Math.abs(f) * maxCount)}</text>`,
      `<text x="${left + plotW + 6}" y="${(y + 4).toFixed(1)}" fill="${COLORS.line}">${f.toFixed(1)}</text>`,
    );
  }
  out.push(
    `<text transform="translate(14 ${midY}) rotate(-90)" text-anchor="middle" fill="#444">events (cooperative up, conflictual down)</text>`,
    `<text transform="translate(${width - 12} ${midY}) rotate(90)" text-anchor="middle" fill="${COLORS.line}">cooperation index</text>`,
  );
  // bars
  periods.forEach((p, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    const h1 = yCount(p.by_quad['1']);
    const h2 = yCount(p.by_quad['2']);
    const h3 = yCount(p.by_quad['3']);
    const h4 = yCount(p.by_quad['4']);
    const label = `${p.key}: ${p.events} events, index ${p.cooperation_index ?? 'n/a'}`;
    out.push(`<g><title>${esc(label)}</title>`);
    if (h1 > 0)
      out.push(
        `<rect x="${x.toFixed(1)}" y="${(midY - h1).toFixed(1)}" width="${barW.toFixed(1)}" height="${h1.toFixed(1)}" fill="${COLORS.q1}"/>`,
      );
    if (h2 > 0)
      out.push(
        `<rect x="${x.toFixed(1)}" y="${(midY - h1 - h2).toFixed(1)}" width="${barW.toFixed(1)}" height="${h2.toFixed(1)}" fill="${COLORS.q2}"/>`,
      );
    if (h3 > 0)
      out.push(
        `<rect x="${x.toFixed(1)}" y="${midY.toFixed(1)}" width="${barW.toFixed(1)}" height="${h3.toFixed(1)}" fill="${COLORS.q3}"/>`,
      );
    if (h4 > 0)
      out.push(
        `<rect x="${x.toFixed(1)}" y="${(midY + h3).toFixed(1)}" width="${barW.toFixed(1)}" height="${h4.toFixed(1)}" fill="${COLORS.q4}"/>`,
      );
    out.push('</g>');
  });
  // index line (broken where a period has no events)
  let path = '';
  let pen = false;
  periods.forEach((p, i) => {
    const x = left + i * slot + slot / 2;
    if (p.cooperation_index === null) {
      pen = false;
      return;
    }
    path += `${pen ? 'L' : 'M'}${x.toFixed(1)} ${yIndex(p.cooperation_index).toFixed(1)} `;
    pen = true;
  });
  if (path) out.push(`<path d="${path.trim()}" fill="none" stroke="${COLORS.line}" stroke-width="2"/>`);
  periods.forEach((p, i) => {
    if (p.cooperation_index === null) return;
    const x = left + i * slot + slot / 2;
    out.push(
      `<circle cx="${x.toFixed(1)}" cy="${yIndex(p.cooperation_index).toFixed(1)}" r="2.5" fill="${COLORS.line}"/>`,
    );
  });
  // x labels: at most ~12
  const step = Math.max(1, Math.ceil(periods.length / 12));
  periods.forEach((p, i) => {
    if (i % step !== 0) return;
    const x = left + i * slot + slot / 2;
    out.push(
      `<text x="${x.toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle" fill="#444">${esc(p.key)}</text>`,
    );
  });
  // legend
  const legend = [
    ['verbal cooperation', COLORS.q1],
    ['material cooperation', COLORS.q2],
    ['verbal conflict', COLORS.q3],
    ['material conflict', COLORS.q4],
  ] as const;
  legend.forEach(([name, color], i) => {
    const x = left + i * 170;
    const y = height - 18;
    out.push(
      `<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${color}"/>`,
      `<text x="${x + 14}" y="${y}">${name}</text>`,
    );
  });
  out.push(
    `<line x1="${left + 4 * 170}" x2="${left + 4 * 170 + 14}" y1="${height - 22}" y2="${height - 22}" stroke="${COLORS.line}" stroke-width="2"/>`,
    `<text x="${left + 4 * 170 + 18}" y="${height - 18}">cooperation index</text>`,
    '</svg>',
  );
  return `${out.join('\n')}\n`;
}

const BLOC_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
];

/**
 * Blocs across windows: one column per window, one box per bloc with height proportional to its
 * size, coloured by bloc id (a bloc keeps its colour while it keeps its id), labelled with its id,
 * size, cohesion and the first members in alphabetical order (or `highlight` members when given).
 */
export function blocsChartSvg(
  result: {
    windows: readonly {
      from: string;
      to: string;
      blocs: readonly { id: string; members: readonly string[]; cohesion: number | null }[];
    }[];
  },
  options: { width?: number; height?: number; highlight?: readonly string[]; title?: string } = {},
): string {
  const windows = result.windows;
  const width = options.width ?? Math.max(480, 40 + windows.length * 190);
  const height = options.height ?? 560;
  const top = 56;
  const bottom = 24;
  const colW = (width - 40) / Math.max(1, windows.length);
  const total = Math.max(1, ...windows.map((w) => w.blocs.reduce((s, b) => s + b.members.length, 0)));
  const scale = (height - top - bottom - 8 * 6) / total;
  const ids = [...new Set(windows.flatMap((w) => w.blocs.map((b) => b.id)))];
  const color = (id: string) => BLOC_COLORS[ids.indexOf(id) % BLOC_COLORS.length]!;
  const highlight = options.highlight ?? [];
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="20" y="26" font-size="15" font-weight="bold">${esc(options.title ?? 'Blocs per window')}</text>`,
  ];
  windows.forEach((w, i) => {
    const x = 20 + i * colW;
    out.push(
      `<text x="${(x + colW / 2).toFixed(1)}" y="${top - 10}" text-anchor="middle" fill="#333">${esc(`${w.from.slice(0, 7)} .. ${w.to.slice(0, 7)}`)}</text>`,
    );
    let y = top;
    for (const b of w.blocs) {
      const h = Math.max(14, b.members.length * scale);
      const shown =
        highlight.length > 0 ? b.members.filter((m) => highlight.includes(m)) : b.members.slice(0, 6);
      out.push(
        `<g><title>${esc(`${b.id}: ${b.members.join(' ')}`)}</title>`,
        `<rect x="${(x + 6).toFixed(1)}" y="${y.toFixed(1)}" width="${(colW - 12).toFixed(1)}" height="${h.toFixed(1)}" rx="4" fill="${color(b.id)}" fill-opacity="0.85"/>`,
        `<text x="${(x + 12).toFixed(1)}" y="${(y + 13).toFixed(1)}" fill="#fff" font-weight="bold">${esc(`${b.id} · ${b.members.length} · κ̄ ${b.cohesion ?? '-'}`)}</text>`,
      );
      if (h >= 30 && shown.length > 0)
        out.push(
          `<text x="${(x + 12).toFixed(1)}" y="${(y + 27).toFixed(1)}" fill="#fff">${esc(shown.join(' '))}</text>`,
        );
      out.push('</g>');
      y += h + 6;
    }
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
