// Plain-SVG figures: a salary box plot and a rating distribution.
import type { Schemas } from '../api/client'

type Group = Schemas['SalaryGroup']

const PERIODS: Record<Group['period'], string> = { hourly: 'an hour', monthly: 'a month', yearly: 'a year' }

export function money(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-CA', { style: 'currency', currency, maximumFractionDigits: amount < 1000 ? 2 : 0 }).format(amount)
}

/** One group's p25, median and p75 on a line; a group below the privacy threshold says so. */
export function SalaryBox({ group }: { group: Group }) {
  const title = `${group.currency} ${PERIODS[group.period]}`
  if (group.p25 === null || group.median === null || group.p75 === null) {
    return (
      <figure className="salary-box">
        <figcaption>
          <strong>{title}</strong> · {group.count === 1 ? '1 salary' : `${group.count} salaries`}
        </figcaption>
        <p className="withheld">
          Figures withheld: fewer than 5 people shared a salary here, so showing them could reveal someone's pay.
        </p>
      </figure>
    )
  }
  const { p25, median, p75 } = group
  // The scale runs a little past the box on each side, so short boxes stay readable.
  const spread = Math.max(p75 - p25, median * 0.1)
  const low = p25 - spread * 0.5
  const high = p75 + spread * 0.5
  const x = (value: number) => 10 + ((value - low) / (high - low)) * 280
  const label = `${title}: 25th percentile ${money(p25, group.currency)}, median ${money(median, group.currency)}, 75th percentile ${money(p75, group.currency)}, from ${group.count} salaries`
  return (
    <figure className="salary-box">
      <figcaption>
        <strong>{title}</strong> · {group.count} salaries
      </figcaption>
      <svg viewBox="0 0 300 70" role="img" aria-label={label} width="100%" preserveAspectRatio="xMidYMid meet">
        <line x1={10} x2={290} y1={30} y2={30} className="axis" />
        <rect x={x(p25)} y={14} width={Math.max(x(p75) - x(p25), 2)} height={32} rx={3} className="box" />
        <line x1={x(median)} x2={x(median)} y1={10} y2={50} className="median" />
        <text x={x(p25)} y={64} textAnchor="middle">{money(p25, group.currency)}</text>
        <text x={x(median)} y={8} textAnchor="middle" className="median-label">{money(median, group.currency)}</text>
        <text x={x(p75)} y={64} textAnchor="middle">{money(p75, group.currency)}</text>
      </svg>
    </figure>
  )
}

/** How many reviews gave each star rating, as horizontal bars. */
export function RatingBars({ distribution, count }: { distribution: Record<string, number>; count: number }) {
  return (
    <dl className="rating-bars">
      {['5', '4', '3', '2', '1'].map((stars) => {
        const n = distribution[stars] ?? 0
        const share = count ? Math.round((n / count) * 100) : 0
        return (
          <div key={stars}>
            <dt>{stars} stars</dt>
            <dd>
              <span className="bar" style={{ width: `${share}%` }} aria-hidden="true" />
              <span>{n} ({share} %)</span>
            </dd>
          </div>
        )
      })}
    </dl>
  )
}

export function Stars({ value }: { value: number | null }) {
  if (value === null) return <span className="meta">No rating yet</span>
  return (
    <span className="stars" role="img" aria-label={`Rated ${value.toFixed(1)} out of 5`}>
      {'★'.repeat(Math.round(value)) + '☆'.repeat(5 - Math.round(value))} {value.toFixed(1)}
    </span>
  )
}
