// Write a review, add a salary, report an interview; the same forms edit one's own.
import type { FormEvent, ReactNode } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { useJob } from '../api/catalog'
import type { Schemas } from '../api/client'
import {
  useAddSalary,
  useEditInterview,
  useEditReview,
  useEditSalary,
  useInterview,
  useMySalary,
  useReportInterview,
  useReview,
  useWriteReview,
  type Interview,
  type Review,
  type Salary,
} from '../api/reviews'
import { FormProblem, Select, TextArea, TextField, fieldErrors, numberOr, valuesOf } from '../components/fields'
import { SignedIn } from '../components/Layout'
import { Problem } from '../components/Problem'

const TERMS: [string, string][] = [
  ['', '—'],
  ['winter', 'Winter'],
  ['spring', 'Spring'],
  ['summer', 'Summer'],
  ['fall', 'Fall'],
]
const STARS: [string, string][] = [
  ['5', '5 – excellent'],
  ['4', '4 – good'],
  ['3', '3 – fair'],
  ['2', '2 – poor'],
  ['1', '1 – bad'],
]
const OPTIONAL_STARS: [string, string][] = [['', '—'], ...STARS]
const SUB_RATINGS: [string, string][] = [
  ['work_life_balance', 'Work–life balance'],
  ['culture', 'Culture'],
  ['learning', 'Learning'],
  ['compensation', 'Compensation'],
]

/** The job a new contribution is about, named at the top of its form. */
function AboutJob({ jobId, action }: { jobId: string; action: string }) {
  const job = useJob(jobId)
  if (job.isError) return <Problem error={job.error} what="the job" />
  return (
    <h1>
      {action}
      {job.data && (
        <>
          : <Link to={`/jobs/${jobId}`}>{job.data.title}</Link> at {job.data.company.name}
        </>
      )}
    </h1>
  )
}

function TermFields({ item, errors }: { item?: { term: string | null; year: number | null }; errors: Record<string, string[]> }) {
  return (
    <div className="row">
      <Select label="Term" name="term" options={TERMS} defaultValue={item?.term} errors={errors} />
      <TextField label="Year" name="year" type="number" defaultValue={item?.year} errors={errors} />
    </div>
  )
}

function reviewFrom(form: HTMLFormElement): Schemas['ReviewUpdate'] {
  const values = valuesOf(form)
  const ratings: Record<string, number | null> = {}
  for (const [key] of SUB_RATINGS) ratings[key] = values[`ratings.${key}`] ? Number(values[`ratings.${key}`]) : null
  return {
    title: values.title ?? '',
    body: values.body ?? null,
    pros: values.pros ?? null,
    cons: values.cons ?? null,
    rating: Number(values.rating),
    ratings,
    would_recommend: values.would_recommend === undefined ? null : values.would_recommend === 'yes',
    term: (values.term ?? null) as Review['term'],
    year: numberOr(values.year) ?? null,
    coop_number: numberOr(values.coop_number) ?? null,
    program: values.program ?? null,
  }
}

function ReviewForm({ review, error, pending, onSubmit }: { review?: Review; error: unknown; pending: boolean; onSubmit: (event: FormEvent<HTMLFormElement>) => void }) {
  const errors = fieldErrors(error)
  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <TextField label="Title" name="title" defaultValue={review?.title} errors={errors} hint="One line that sums it up" />
      <Select label="Overall rating" name="rating" options={STARS} defaultValue={review?.rating ?? 4} errors={errors} />
      <fieldset>
        <legend>Ratings (optional)</legend>
        <div className="row">
          {SUB_RATINGS.map(([key, label]) => (
            <Select
              key={key}
              label={label}
              name={`ratings.${key}`}
              options={OPTIONAL_STARS}
              defaultValue={review?.ratings[key as keyof Review['ratings']]}
              errors={errors}
            />
          ))}
        </div>
      </fieldset>
      <TextArea label="Your review" name="body" defaultValue={review?.body} errors={errors} />
      <TextArea label="Pros" name="pros" rows={2} defaultValue={review?.pros} errors={errors} />
      <TextArea label="Cons" name="cons" rows={2} defaultValue={review?.cons} errors={errors} />
      <Select
        label="Would you recommend it?"
        name="would_recommend"
        options={[
          ['', '—'],
          ['yes', 'Yes'],
          ['no', 'No'],
        ]}
        defaultValue={review?.would_recommend == null ? '' : review.would_recommend ? 'yes' : 'no'}
        errors={errors}
      />
      <TermFields item={review} errors={errors} />
      <div className="row">
        <TextField label="Co-op number" name="coop_number" type="number" defaultValue={review?.coop_number} errors={errors} hint="Your 1st, 2nd… work term" />
        <TextField label="Program" name="program" defaultValue={review?.program} errors={errors} />
      </div>
      <FormProblem error={error} />
      <button type="submit" disabled={pending}>
        {review ? 'Save review' : 'Publish review'}
      </button>
    </form>
  )
}

const CURRENCIES: [string, string][] = ['CAD', 'USD', 'EUR', 'GBP', 'INR'].map((code) => [code, code])
const PERIODS: [string, string][] = [
  ['hourly', 'An hour'],
  ['monthly', 'A month'],
  ['yearly', 'A year'],
]

function salaryFrom(form: HTMLFormElement): Schemas['SalaryUpdate'] {
  const values = valuesOf(form)
  return {
    amount: numberOr(values.amount) as number,
    currency: values.currency ?? 'CAD',
    period: (values.period ?? 'hourly') as Salary['period'],
    location: values.location ?? null,
    signing_bonus: numberOr(values.signing_bonus) ?? null,
    relocation_stipend: numberOr(values.relocation_stipend) ?? null,
    term: (values.term ?? null) as Salary['term'],
    year: numberOr(values.year) ?? null,
    coop_number: numberOr(values.coop_number) ?? null,
    program: values.program ?? null,
  }
}

function SalaryForm({ salary, error, pending, onSubmit }: { salary?: Salary; error: unknown; pending: boolean; onSubmit: (event: FormEvent<HTMLFormElement>) => void }) {
  const errors = fieldErrors(error)
  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <p className="meta">
        Salaries are never shown one by one: only the 25th percentile, median and 75th percentile of a group, and only
        once five people have shared one.
      </p>
      <div className="row">
        <TextField label="Amount" name="amount" type="number" defaultValue={salary?.amount} errors={errors} />
        <Select label="Currency" name="currency" options={CURRENCIES} defaultValue={salary?.currency ?? 'CAD'} errors={errors} />
        <Select label="Per" name="period" options={PERIODS} defaultValue={salary?.period ?? 'hourly'} errors={errors} />
      </div>
      <TextField label="Location" name="location" defaultValue={salary?.location} errors={errors} />
      <div className="row">
        <TextField label="Signing bonus" name="signing_bonus" type="number" defaultValue={salary?.signing_bonus} errors={errors} />
        <TextField label="Relocation stipend" name="relocation_stipend" type="number" defaultValue={salary?.relocation_stipend} errors={errors} />
      </div>
      <TermFields item={salary} errors={errors} />
      <div className="row">
        <TextField label="Co-op number" name="coop_number" type="number" defaultValue={salary?.coop_number} errors={errors} />
        <TextField label="Program" name="program" defaultValue={salary?.program} errors={errors} />
      </div>
      <FormProblem error={error} />
      <button type="submit" disabled={pending}>
        {salary ? 'Save salary' : 'Share salary'}
      </button>
    </form>
  )
}

const DIFFICULTY: [string, string][] = [
  ['1', '1 – easy'],
  ['2', '2'],
  ['3', '3 – medium'],
  ['4', '4'],
  ['5', '5 – hard'],
]
const OUTCOMES: [string, string][] = [
  ['offer', 'Offer'],
  ['rejected', 'Rejected'],
  ['no_response', 'No response'],
  ['withdrew', 'I withdrew'],
]

function interviewFrom(form: HTMLFormElement): Schemas['InterviewUpdate'] {
  const values = valuesOf(form)
  return {
    questions: (values.questions ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
    difficulty: Number(values.difficulty),
    outcome: values.outcome as Interview['outcome'],
    experience: values.experience ?? null,
    term: (values.term ?? null) as Interview['term'],
    year: numberOr(values.year) ?? null,
  }
}

function InterviewForm({ interview, error, pending, onSubmit }: { interview?: Interview; error: unknown; pending: boolean; onSubmit: (event: FormEvent<HTMLFormElement>) => void }) {
  const errors = fieldErrors(error)
  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <TextArea label="Questions asked" name="questions" hint="One question a line, up to 20" defaultValue={interview?.questions.join('\n')} errors={errors} />
      <div className="row">
        <Select label="Difficulty" name="difficulty" options={DIFFICULTY} defaultValue={interview?.difficulty ?? 3} errors={errors} />
        <Select label="Outcome" name="outcome" options={OUTCOMES} defaultValue={interview?.outcome ?? 'offer'} errors={errors} />
      </div>
      <TextArea label="How it went" name="experience" defaultValue={interview?.experience} errors={errors} />
      <TermFields item={interview} errors={errors} />
      <FormProblem error={error} />
      <button type="submit" disabled={pending}>
        {interview ? 'Save report' : 'Send report'}
      </button>
    </form>
  )
}

type Mutation<T> = { mutate: (value: T, options: { onSuccess: () => void }) => void }

/** A form's submit handler: its values read, sent once, and then `done`. */
function submitWith<T>(mutation: Mutation<T>, read: (form: HTMLFormElement) => T, done: () => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    mutation.mutate(read(event.currentTarget), { onSuccess: done })
  }
}

/** A new contribution's page: the job it is about, then its form. */
function NewPage({ action, children }: { action: string; children: (jobId: string, done: () => void) => ReactNode }) {
  const { job: jobId = '' } = useParams()
  const navigate = useNavigate()
  return (
    <SignedIn>
      <AboutJob jobId={jobId} action={action} />
      {children(jobId, () => navigate(`/jobs/${jobId}`))}
    </SignedIn>
  )
}

type Loaded<T> = { isError: boolean; error: unknown; data: T | null | undefined }

/** The page that edits one of the caller's own contributions, once it has loaded. */
function EditPage<T>({ title, what, item, children }: { title: string; what: string; item: Loaded<T>; children: (item: T) => ReactNode }) {
  return (
    <SignedIn>
      <h1>{title}</h1>
      {item.isError ? (
        <Problem error={item.error} what={`the ${what}`} />
      ) : item.data === undefined ? (
        <p aria-live="polite">Loading…</p>
      ) : item.data === null ? (
        <p>No such {what} of yours.</p>
      ) : (
        children(item.data)
      )}
    </SignedIn>
  )
}

function useBackToMine() {
  const navigate = useNavigate()
  return () => navigate('/me')
}

export function WriteReviewPage() {
  const write = useWriteReview()
  return (
    <NewPage action="Write a review">
      {(jobId, done) => (
        <ReviewForm
          error={write.error}
          pending={write.isPending}
          onSubmit={submitWith(write, (form) => ({ ...reviewFrom(form), job_id: jobId }) as Schemas['ReviewCreate'], done)}
        />
      )}
    </NewPage>
  )
}

export function AddSalaryPage() {
  const add = useAddSalary()
  return (
    <NewPage action="Add a salary">
      {(jobId, done) => (
        <SalaryForm
          error={add.error}
          pending={add.isPending}
          onSubmit={submitWith(add, (form) => ({ ...salaryFrom(form), job_id: jobId }) as Schemas['SalaryCreate'], done)}
        />
      )}
    </NewPage>
  )
}

export function ReportInterviewPage() {
  const report = useReportInterview()
  return (
    <NewPage action="Report an interview">
      {(jobId, done) => (
        <InterviewForm
          error={report.error}
          pending={report.isPending}
          onSubmit={submitWith(report, (form) => ({ ...interviewFrom(form), job_id: jobId }) as Schemas['InterviewCreate'], done)}
        />
      )}
    </NewPage>
  )
}

export function EditReviewPage() {
  const { id = '' } = useParams()
  const edit = useEditReview(id)
  const done = useBackToMine()
  return (
    <EditPage title="Edit your review" what="review" item={useReview(id)}>
      {(review) => (
        <ReviewForm review={review} error={edit.error} pending={edit.isPending} onSubmit={submitWith(edit, reviewFrom, done)} />
      )}
    </EditPage>
  )
}

export function EditSalaryPage() {
  const { id = '' } = useParams()
  const edit = useEditSalary(id)
  const done = useBackToMine()
  return (
    <EditPage title="Edit your salary" what="salary" item={useMySalary(id)}>
      {(salary) => (
        <SalaryForm salary={salary} error={edit.error} pending={edit.isPending} onSubmit={submitWith(edit, salaryFrom, done)} />
      )}
    </EditPage>
  )
}

export function EditInterviewPage() {
  const { id = '' } = useParams()
  const edit = useEditInterview(id)
  const done = useBackToMine()
  return (
    <EditPage title="Edit your interview report" what="interview report" item={useInterview(id)}>
      {(interview) => (
        <InterviewForm interview={interview} error={edit.error} pending={edit.isPending} onSubmit={submitWith(edit, interviewFrom, done)} />
      )}
    </EditPage>
  )
}
