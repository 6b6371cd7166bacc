// Inline SVG charts for the reports: grouped bars and a line over time. They
// scale with their container (viewBox), carry a title and description for
// screen readers, and sit beside a table of the same numbers.
import { s, h } from './ui.js';

const W = 720; const H = 300;
const PAD = { l: 64, r: 16, t: 16, b: 64 };

function niceMax(v) {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function short(v) {
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(a >= 1e4 ? 0 : 1)}k`;
  return String(Math.round(v * 100) / 100);
}

function frame(title, desc, max) {
  const ids = `c${Math.random().toString(36).slice(2, 8)}`;
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${ids}t ${ids}d`, preserveAspectRatio: 'xMidYMid meet' },
    s('title', { id: `${ids}t` }, title), s('desc', { id: `${ids}d` }, desc));
  const ih = H - PAD.t - PAD.b;
  for (let i = 0; i <= 4; i++) {
    const y = PAD.t + ih - (ih * i) / 4;
    svg.append(s('line', { class: 'axis', x1: PAD.l, x2: W - PAD.r, y1: y, y2: y, 'stroke-opacity': i ? 0.3 : 1 }));
    svg.append(s('text', { x: PAD.l - 6, y: y + 4, 'text-anchor': 'end' }, short((max * i) / 4)));
  }
  return svg;
}

// A category's name under its bar: up to two lines of whole words that fit
// the band (about 7px a character at 12px), the rest cut with an ellipsis;
// many categories get one slanted line instead.
function label(svg, x, text, n) {
  const t = String(text);
  const y = H - PAD.b + 16;
  if (n > 8) {
    svg.append(s('text', { x, y, 'text-anchor': 'end', transform: `rotate(-35 ${x} ${y})` }, t.length > 8 ? `${t.slice(0, 7)}…` : t));
    return;
  }
  const fit = Math.max(6, Math.floor((W - PAD.l - PAD.r) / Math.max(1, n) / 7));
  const lines = [''];
  for (const w of t.split(/\s+/)) {
    const cur = lines[lines.length - 1];
    if (!cur) lines[lines.length - 1] = w;
    else if (cur.length + 1 + w.length <= fit) lines[lines.length - 1] = `${cur} ${w}`;
    else lines.push(w);
  }
  const shown = lines.slice(0, 2).map((l) => (l.length > fit ? `${l.slice(0, fit - 1)}…` : l));
  if (lines.length > 2 && !shown[1].endsWith('…')) shown[1] = `${shown[1].slice(0, fit - 1)}…`;
  const el = s('text', { x, y, 'text-anchor': 'middle' }, s('title', {}, t));
  shown.forEach((l, i) => el.append(s('tspan', { x, dy: i ? 14 : 0 }, l)));
  svg.append(el);
}

// LABELS: category names; SERIES: [{name, values}] (one or two).
export function barChart(title, labels, series) {
  const max = niceMax(Math.max(0, ...series.flatMap((x) => x.values.map((v) => Number(v) || 0))));
  const svg = frame(title, `${series.map((x) => x.name).join(' and ')} by ${labels.length} categories`, max);
  const iw = W - PAD.l - PAD.r; const ih = H - PAD.t - PAD.b;
  const n = Math.max(1, labels.length);
  const band = iw / n; const bw = Math.min(48, (band * 0.7) / series.length);
  labels.forEach((l, i) => {
    const cx = PAD.l + band * i + band / 2;
    series.forEach((ser, k) => {
      const v = Number(ser.values[i]) || 0;
      const bh = (ih * v) / max;
      const x = cx - (bw * series.length) / 2 + bw * k;
      svg.append(s('rect', { class: k ? 'bar2' : 'bar', x, y: PAD.t + ih - bh, width: bw - 2, height: Math.max(0, bh) },
        s('title', {}, `${l}: ${ser.name} ${short(v)}`)));
    });
    label(svg, cx, l, n);
  });
  return wrap(svg, series);
}

export function lineChart(title, labels, series) {
  const max = niceMax(Math.max(0, ...series.flatMap((x) => x.values.map((v) => Number(v) || 0))));
  const svg = frame(title, `${series.map((x) => x.name).join(' and ')} over ${labels.length} periods`, max);
  const iw = W - PAD.l - PAD.r; const ih = H - PAD.t - PAD.b;
  const n = Math.max(1, labels.length);
  const x = (i) => PAD.l + (n === 1 ? iw / 2 : (iw * i) / (n - 1));
  series.forEach((ser, k) => {
    const pts = ser.values.map((v, i) => `${x(i)},${PAD.t + ih - (ih * (Number(v) || 0)) / max}`);
    svg.append(s('polyline', { class: 'line', points: pts.join(' '), stroke: k ? '#f59e0b' : undefined }));
    ser.values.forEach((v, i) => svg.append(s('circle', { cx: x(i), cy: PAD.t + ih - (ih * (Number(v) || 0)) / max, r: 3.5, fill: k ? '#f59e0b' : '#1d4ed8' },
      s('title', {}, `${labels[i]}: ${short(Number(v) || 0)}`))));
  });
  const every = Math.ceil(n / 12);
  labels.forEach((l, i) => { if (i % every === 0) label(svg, x(i), l, n > 12 ? 9 : n); });
  return wrap(svg, series);
}

// On a phone the chart keeps its drawn size (its 12px labels stay 12px) and
// scrolls sideways in a region the keyboard reaches (app.css .chart-scroll).
function wrap(svg, series) {
  const title = svg.querySelector('title')?.textContent || 'Chart';
  return h('figure', { class: 'chart-figure' },
    series.length > 1 ? h('div', { class: 'legend', 'aria-hidden': 'true' },
      series.map((x, k) => h('span', {}, h('span', { class: `sw s${k + 1}` }), x.name))) : null,
    h('div', { class: 'chart-scroll', tabindex: '0', role: 'region', 'aria-label': title }, svg));
}
