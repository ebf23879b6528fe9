// A small line chart as SVG text, so a bench can draw its own plot without a
// charting dependency: one x axis, a left and an optional right y axis, lines
// that break where a value is missing, a legend.

export interface ChartSeries {
  name: string;
  axis: 'left' | 'right';
  color: string;
  dashed?: boolean;
  /** [x, y]; a y that is not a finite number leaves a gap in the line. */
  points: Array<[number, number]>;
}

export interface LineChart {
  title: string;
  xLabel: string;
  leftLabel: string;
  rightLabel?: string;
  series: ChartSeries[];
  /** Vertical lines at these x values, labelled at the top. */
  markers?: Array<{ x: number; label: string }>;
  width?: number;
  height?: number;
}

const MARGIN = { top: 56, right: 72, bottom: 52, left: 72 };
const TICKS = 5;

/** A round upper bound and step for an axis whose largest value is `max`. */
function niceScale(max: number): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 1 / TICKS };
  const rough = max / TICKS;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  return { top: step * Math.ceil(max / step), step };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function label(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) < 1 ? 2 : 1);
}

export function lineChartSvg(chart: LineChart): string {
  const width = chart.width ?? 900;
  const height = chart.height ?? 420;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const finite = (axis: 'left' | 'right' | 'x') =>
    chart.series.flatMap((series) => series.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (axis === 'x' || series.axis === axis)).map(([x, y]) => (axis === 'x' ? x : y)));
  const xScale = niceScale(Math.max(0, ...finite('x'), ...(chart.markers ?? []).map((marker) => marker.x)));
  const scales = { left: niceScale(Math.max(0, ...finite('left'))), right: niceScale(Math.max(0, ...finite('right'))) };
  const px = (x: number) => MARGIN.left + (x / xScale.top) * plotWidth;
  const py = (axis: 'left' | 'right', y: number) => MARGIN.top + plotHeight - (y / scales[axis].top) * plotHeight;

  const parts: string[] = [];
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  parts.push(`<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(chart.title)}</text>`);
  for (let tick = 0; tick <= TICKS; tick++) {
    const y = MARGIN.top + plotHeight - (tick / TICKS) * plotHeight;
    parts.push(`<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotWidth}" y2="${y}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${MARGIN.left - 8}" y="${y + 4}" text-anchor="end" font-size="12">${label((scales.left.top * tick) / TICKS)}</text>`);
    if (chart.rightLabel !== undefined) parts.push(`<text x="${MARGIN.left + plotWidth + 8}" y="${y + 4}" font-size="12">${label((scales.right.top * tick) / TICKS)}</text>`);
  }
  for (let x = 0; x <= xScale.top + 1e-9; x += xScale.step) {
    parts.push(`<line x1="${px(x)}" y1="${MARGIN.top + plotHeight}" x2="${px(x)}" y2="${MARGIN.top + plotHeight + 5}" stroke="black"/>`);
    parts.push(`<text x="${px(x)}" y="${MARGIN.top + plotHeight + 20}" text-anchor="middle" font-size="12">${label(x)}</text>`);
  }
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="black"/>`);
  parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${height - 12}" text-anchor="middle" font-size="13">${escapeXml(chart.xLabel)}</text>`);
  parts.push(`<text transform="translate(18 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" font-size="13">${escapeXml(chart.leftLabel)}</text>`);
  if (chart.rightLabel !== undefined) {
    parts.push(`<text transform="translate(${width - 14} ${MARGIN.top + plotHeight / 2}) rotate(90)" text-anchor="middle" font-size="13">${escapeXml(chart.rightLabel)}</text>`);
  }

  for (const marker of chart.markers ?? []) {
    parts.push(`<line x1="${px(marker.x)}" y1="${MARGIN.top}" x2="${px(marker.x)}" y2="${MARGIN.top + plotHeight}" stroke="#555" stroke-dasharray="2 3"/>`);
    parts.push(`<text x="${px(marker.x) - 4}" y="${MARGIN.top + 14}" text-anchor="end" font-size="11" fill="#555">${escapeXml(marker.label)}</text>`);
  }

  chart.series.forEach((series, index) => {
    let path = '';
    let drawing = false;
    for (const [x, y] of series.points) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        drawing = false;
        continue;
      }
      path += `${drawing ? 'L' : 'M'}${px(x).toFixed(1)} ${py(series.axis, y).toFixed(1)} `;
      drawing = true;
    }
    const dash = series.dashed === true ? ' stroke-dasharray="6 4"' : '';
    parts.push(`<path d="${path.trim()}" fill="none" stroke="${series.color}" stroke-width="2"${dash}/>`);
    const legendX = MARGIN.left + index * 230;
    parts.push(`<line x1="${legendX}" y1="42" x2="${legendX + 24}" y2="42" stroke="${series.color}" stroke-width="2"${dash}/>`);
    parts.push(`<text x="${legendX + 30}" y="46" font-size="12">${escapeXml(`${series.name} (${series.axis} axis)`)}</text>`);
  });

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n${parts.join('\n')}\n</svg>\n`;
}
