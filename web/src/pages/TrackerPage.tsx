// The private tracker: a board by status, and each application's timeline, contacts, notes.
import { useState, type DragEvent } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { explain } from '../api/client'
import {
  CLOSED_STATUSES,
  OPEN_STATUSES,
  STATUSES,
  STATUS_NAMES,
  useApplication,
  useApplications,
  useDeleteApplication,
  useTrack,
  useUpdateApplication,
  type Application,
  type ApplicationSummary,
  type Status,
} from '../api/tracker'
import { FormProblem, Select, TextArea, TextField, fieldErrors, valuesOf } from '../components/fields'
import { SignedIn } from '../components/Layout'
import { Problem } from '../components/Problem'

const STATUS_OPTIONS: [string, string][] = STATUSES.map((status) => [status, STATUS_NAMES[status]])

export function TrackerPage() {
  return (
    <SignedIn>
      <Board />
    </SignedIn>
  )
}

function Board() {
  const applications = useApplications()
  const move = useUpdateApplication()
  const [showClosed, setShowClosed] = useState(false)
  if (applications.isError) return <Problem error={applications.error} what="your applications" />
  if (applications.data === undefined) return <p aria-live="polite">Loading…</p>
  const items = applications.data.items
  const columns = showClosed ? STATUSES : OPEN_STATUSES
  const moveTo = (id: string, status: Status) => move.mutate({ id, change: { status } })
  return (
    <section aria-labelledby="tracker-title" className="wide">
      <h1 id="tracker-title">Your applications</h1>
      <p className="meta" aria-live="polite">
        {items.length === 1 ? '1 application' : `${items.length} applications`}
        {' · '}
        {OPEN_STATUSES.map((status) => `${STATUS_NAMES[status]} ${items.filter((item) => item.status === status).length}`).join(' · ')}
        {' · '}
        Closed {items.filter((item) => CLOSED_STATUSES.includes(item.status)).length}
      </p>
      <TrackForm />
      <label className="inline">
        <input type="checkbox" checked={showClosed} onChange={(event) => setShowClosed(event.target.checked)} /> Show
        closed ({CLOSED_STATUSES.map((status) => STATUS_NAMES[status]).join(', ')})
      </label>
      {move.isError && <FormProblem error={move.error} />}
      <div className="board">
        {columns.map((status) => (
          <Column key={status} status={status} items={items.filter((item) => item.status === status)} onDrop={moveTo} />
        ))}
      </div>
    </section>
  )
}

function Column({ status, items, onDrop }: { status: Status; items: ApplicationSummary[]; onDrop: (id: string, status: Status) => void }) {
  const [over, setOver] = useState(false)
  const accept = (event: DragEvent) => {
    if (event.dataTransfer.types.includes('application/x-jobsight-application')) {
      event.preventDefault()
      setOver(true)
    }
  }
  return (
    <section
      className={over ? 'column over' : 'column'}
      aria-labelledby={`column-${status}`}
      onDragOver={accept}
      onDragEnter={accept}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault()
        setOver(false)
        const id = event.dataTransfer.getData('application/x-jobsight-application')
        if (id) onDrop(id, status)
      }}
    >
      <h2 id={`column-${status}`}>
        {STATUS_NAMES[status]} <span className="count">{items.length}</span>
      </h2>
      <ul aria-label={STATUS_NAMES[status]}>
        {items.map((item) => (
          <li
            key={item.id}
            className="application"
            draggable
            onDragStart={(event) => {
              event.dataTransfer.setData('application/x-jobsight-application', item.id)
              event.dataTransfer.effectAllowed = 'move'
            }}
          >
            <Link to={`/tracker/${item.id}`}>
              {item.position_title} <span className="meta">at {item.company_name}</span>
            </Link>
            {/* Keyboard and screen-reader users move a card with its own control. */}
            <label className="move">
              <span className="visually-hidden">
                Status of {item.position_title} at {item.company_name}
              </span>
              <select value={item.status} onChange={(event) => onDrop(item.id, event.target.value as Status)}>
                {STATUS_OPTIONS.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          </li>
        ))}
      </ul>
    </section>
  )
}

function TrackForm() {
  const track = useTrack()
  const [open, setOpen] = useState(false)
  const errors = fieldErrors(track.error)
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Track an application
      </button>
    )
  return (
    <form
      className="stack card"
      aria-label="Track an application"
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        const form = event.currentTarget
        const values = valuesOf(form)
        track.mutate(
          {
            company_name: values.company_name ?? '',
            position_title: values.position_title ?? '',
            status: (values.status ?? 'wishlist') as Status,
            url: values.url,
            applied_on: values.applied_on,
          },
          {
            onSuccess: () => {
              form.reset()
              setOpen(false)
            },
          },
        )
      }}
    >
      <div className="row">
        <TextField label="Company" name="company_name" errors={errors} />
        <TextField label="Position" name="position_title" errors={errors} />
      </div>
      <div className="row">
        <Select label="Status" name="status" options={STATUS_OPTIONS} defaultValue="wishlist" errors={errors} />
        <TextField label="Applied on" name="applied_on" type="date" errors={errors} />
        <TextField label="Posting URL" name="url" type="url" errors={errors} />
      </div>
      <FormProblem error={track.error} />
      <div>
        <button type="submit" disabled={track.isPending}>
          Add to tracker
        </button>{' '}
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  )
}

export function ApplicationPage() {
  const { id = '' } = useParams()
  return (
    <SignedIn>
      <ApplicationDetail id={id} />
    </SignedIn>
  )
}

function ApplicationDetail({ id }: { id: string }) {
  const application = useApplication(id)
  const remove = useDeleteApplication()
  const navigate = useNavigate()
  if (application.isError) return <Problem error={application.error} what="this application" />
  if (application.data === undefined) return <p aria-live="polite">Loading…</p>
  const item = application.data
  return (
    <article aria-labelledby="application-title">
      <p>
        <Link to="/tracker">← All applications</Link>
      </p>
      <h1 id="application-title">
        {item.position_title} at {item.company_name}
      </h1>
      <p className="meta">
        {STATUS_NAMES[item.status]}
        {item.applied_on && <> · applied {item.applied_on}</>}
        {item.job_id && (
          <>
            {' · '}
            <Link to={`/jobs/${item.job_id}`}>the job on Jobsight</Link>
          </>
        )}
        {item.url && (
          <>
            {' · '}
            <a href={item.url} rel="noopener noreferrer">
              the posting
            </a>
          </>
        )}
      </p>
      <div className="two">
        <StatusChange application={item} />
        <Timeline application={item} />
      </div>
      <Notes application={item} />
      <Contacts application={item} />
      <p>
        <button
          type="button"
          className="destructive"
          onClick={() => remove.mutate(item.id, { onSuccess: () => navigate('/tracker') })}
        >
          Delete this application
        </button>
        {remove.isError && <span role="alert">{explain(remove.error)}</span>}
      </p>
    </article>
  )
}

function StatusChange({ application }: { application: Application }) {
  const update = useUpdateApplication()
  return (
    <form
      className="stack"
      aria-labelledby="move-title"
      onSubmit={(event) => {
        event.preventDefault()
        const form = event.currentTarget
        const values = valuesOf(form)
        update.mutate(
          { id: application.id, change: { status: values.status as Status, status_note: values.status_note ?? null } },
          { onSuccess: () => form.reset() },
        )
      }}
    >
      <h2 id="move-title">Move it along</h2>
      <Select label="New status" name="status" options={STATUS_OPTIONS} defaultValue={application.status} errors={fieldErrors(update.error)} />
      <TextField label="Note for the timeline" name="status_note" errors={fieldErrors(update.error)} />
      <FormProblem error={update.error} />
      <button type="submit" disabled={update.isPending}>
        Update status
      </button>
    </form>
  )
}

function Timeline({ application }: { application: Application }) {
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <ol className="timeline">
        {application.events.map((event, index) => (
          <li key={index}>
            <strong>{STATUS_NAMES[event.status]}</strong>{' '}
            <time dateTime={event.at}>{new Date(event.at).toLocaleString()}</time>
            {event.note && <p>{event.note}</p>}
          </li>
        ))}
      </ol>
    </section>
  )
}

function Notes({ application }: { application: Application }) {
  const update = useUpdateApplication()
  return (
    <form
      className="stack"
      aria-labelledby="notes-title"
      onSubmit={(event) => {
        event.preventDefault()
        update.mutate({ id: application.id, change: { notes: valuesOf(event.currentTarget).notes ?? null } })
      }}
    >
      <h2 id="notes-title">Notes</h2>
      <TextArea label="Notes" name="notes" defaultValue={application.notes} errors={fieldErrors(update.error)} />
      <FormProblem error={update.error} />
      {update.isSuccess && <p role="status">Notes saved.</p>}
      <button type="submit" disabled={update.isPending}>
        Save notes
      </button>
    </form>
  )
}

function Contacts({ application }: { application: Application }) {
  const update = useUpdateApplication()
  const contacts = application.contacts
  const save = (next: Application['contacts']) =>
    update.mutate({
      id: application.id,
      change: { contacts: next.map(({ name, email, role, notes }) => ({ name, email, role, notes })) },
    })
  // The new contact is the list's last: its field errors come back as "contacts.N.email".
  const prefix = `contacts.${contacts.length}.`
  const errors = Object.fromEntries(
    Object.entries(fieldErrors(update.error))
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, messages]) => [key.slice(prefix.length), messages]),
  )
  return (
    <section aria-labelledby="contacts-title">
      <h2 id="contacts-title">Contacts</h2>
      {contacts.length === 0 ? (
        <p>No contacts yet.</p>
      ) : (
        <ul className="contacts">
          {contacts.map((contact, index) => (
            <li key={index}>
              <strong>{contact.name}</strong>
              {contact.role && <> · {contact.role}</>}
              {contact.email && (
                <>
                  {' · '}
                  <a href={`mailto:${contact.email}`}>{contact.email}</a>
                </>
              )}
              {contact.notes && <p>{contact.notes}</p>}
              <button
                type="button"
                className="link"
                aria-label={`Remove ${contact.name}`}
                onClick={() => save(contacts.filter((_, other) => other !== index))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="stack"
        aria-label="Add a contact"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          const form = event.currentTarget
          const values = valuesOf(form)
          update.mutate(
            {
              id: application.id,
              change: {
                contacts: [
                  ...contacts.map(({ name, email, role, notes }) => ({ name, email, role, notes })),
                  { name: values.name ?? '', email: values.email ?? null, role: values.role ?? null, notes: values.contact_notes ?? null },
                ],
              },
            },
            { onSuccess: () => form.reset() },
          )
        }}
      >
        <div className="row">
          <TextField label="Contact name" name="name" errors={errors} />
          <TextField label="Contact email" name="email" type="email" errors={errors} />
          <TextField label="Role" name="role" errors={errors} />
        </div>
        <FormProblem error={update.error} />
        <button type="submit" disabled={update.isPending}>
          Add contact
        </button>
      </form>
    </section>
  )
}
