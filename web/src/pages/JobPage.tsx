import { Link, useNavigate, useParams } from 'react-router'
import { useJob, useSaveJob, type Job } from '../api/catalog'
import { explain } from '../api/client'
import { useReviewSummary } from '../api/reviews'
import { useSessionStatus } from '../api/session'
import { useTrack } from '../api/tracker'
import { Stars } from '../components/Charts'
import { Problem } from '../components/Problem'
import { Interviews, SalaryStats, SubRatings } from './CompanyPage'
import { ReviewList } from '../components/Contributions'

export function JobPage() {
  const { job: jobId = '' } = useParams()
  const job = useJob(jobId)
  const subject = { job_id: jobId }
  const summary = useReviewSummary(subject)
  if (job.isError) return <Problem error={job.error} what="this job" retry={() => job.refetch()} />
  if (job.data === undefined) return <p aria-live="polite">Loading…</p>
  const { title, company, employment_type, workplace, location, description } = job.data
  return (
    <article aria-labelledby="job-title">
      <p>
        <Link to={`/companies/${company.id}`}>← {company.name}</Link>
      </p>
      <div className="title-row">
        <h1 id="job-title">{title}</h1>
        <SaveStar job={job.data} />
      </div>
      <p className="meta">{[company.name, employment_type, workplace, location].filter(Boolean).join(' · ')}</p>
      {description && <p>{description}</p>}
      <ContributeLinks job={job.data} />
      <section aria-labelledby="job-reviews-title">
        <h2 id="job-reviews-title">Reviews</h2>
        {summary.data && summary.data.count > 0 && (
          <>
            <p className="big">
              <Stars value={summary.data.rating.average} /> from {summary.data.count} reviews
              {summary.data.would_recommend_pct !== null && <> · {Math.round(summary.data.would_recommend_pct)} % would recommend</>}
            </p>
            <SubRatings ratings={summary.data.ratings} />
          </>
        )}
        <ReviewList subject={subject} sort="-helpful" />
      </section>
      <SalaryStats subject={subject} />
      <Interviews subject={subject} />
    </article>
  )
}

function SaveStar({ job }: { job: Job }) {
  const signedIn = useSessionStatus() === 'signed-in'
  const save = useSaveJob(job.id)
  if (!signedIn) return null
  const saved = job.is_saved === true
  return (
    <>
      <button
        type="button"
        className="star"
        aria-pressed={saved}
        aria-label="Save job"
        disabled={save.isPending}
        onClick={() => save.mutate(!saved)}
      >
        <span aria-hidden="true">{saved ? '★' : '☆'}</span> {saved ? 'Saved' : 'Save'}
      </button>
      {save.isError && <span role="alert">{explain(save.error)}</span>}
    </>
  )
}

function ContributeLinks({ job }: { job: Job }) {
  const signedIn = useSessionStatus() === 'signed-in'
  const track = useTrack()
  const navigate = useNavigate()
  if (!signedIn)
    return (
      <p className="contribute">
        <Link to={`/login?next=/jobs/${job.id}`}>Log in</Link> to review this job, share a salary or report an interview.
      </p>
    )
  return (
    <p className="contribute">
      <Link className="button" to={`/jobs/${job.id}/review`}>
        Write a review
      </Link>
      <Link className="button" to={`/jobs/${job.id}/salary`}>
        Add a salary
      </Link>
      <Link className="button" to={`/jobs/${job.id}/interview`}>
        Report an interview
      </Link>
      <button
        type="button"
        disabled={track.isPending}
        onClick={() =>
          track.mutate({ job_id: job.id, status: 'wishlist' }, { onSuccess: (created) => navigate(`/tracker/${created.id}`) })
        }
      >
        Track an application
      </button>
      {track.isError && <span role="alert">{explain(track.error)}</span>}
    </p>
  )
}
