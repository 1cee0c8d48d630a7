'use client';
// The 30-day chart of approved amounts (recharts: SVG with presentation attributes, no stylesheet, so it runs under
// the nonce-based CSP). It is a picture for sighted readers: screen readers get one sentence here and the same
// figures in DailyTable, which follows it.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export type ChartPoint = { day: string; dayLabel: string; amount: number; amountLabel: string };

type Props = { points: ChartPoint[]; currency: string; locale: string; label: string };

export function ApprovedChart({ points, currency, locale, label }: Props) {
  const compact = new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
  const labels = new Map(points.map((point) => [point.day, point]));
  return (
    <div role="img" aria-label={label} className="h-56 w-full min-w-0">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis
            dataKey="day"
            tickFormatter={(day: string) => labels.get(day)?.dayLabel ?? day}
            interval="preserveStartEnd"
            minTickGap={24}
            tick={{ fontSize: 12, fill: '#334155' }}
            tickLine={false}
            axisLine={{ stroke: '#cbd5e1' }}
          />
          <YAxis
            tickFormatter={(value: number) => compact.format(value)}
            width={64}
            tick={{ fontSize: 12, fill: '#334155' }}
            tickLine={false}
            axisLine={false}
            allowDecimals={false}
          />
          <Tooltip
            cursor={{ fill: '#eef2ff' }}
            labelFormatter={(day) => labels.get(String(day))?.dayLabel ?? String(day)}
            formatter={(_value, _name, item) => [(item.payload as ChartPoint).amountLabel, null]}
          />
          <Bar dataKey="amount" fill="#4338ca" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
