// Form fields with a visible label, and the server's 422 message for the field beside it.
import { useId, type ReactNode } from 'react'
import { ApiError, explain } from '../api/client'

/** The messages a refusal gave for each field ("ratings.culture" for nested ones). */
export function fieldErrors(error: unknown): Record<string, string[]> {
  return error instanceof ApiError && error.status === 422 ? (error.errors ?? {}) : {}
}

type Common = { label: string; name: string; errors?: Record<string, string[]>; hint?: string }

function Labelled({ label, name, errors, hint, children }: Common & { children: (props: ControlProps) => ReactNode }) {
  const id = useId()
  const messages = errors?.[name]
  const described = [hint && `${id}-hint`, messages && `${id}-error`].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {children({ id, name, 'aria-invalid': messages ? true : undefined, 'aria-describedby': described })}
      {messages && (
        <span id={`${id}-error`} className="field-error">
          {messages.join(' ')}
        </span>
      )}
    </div>
  )
}

type ControlProps = { id: string; name: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }

export function TextField({
  type = 'text',
  defaultValue,
  required,
  autoComplete,
  ...common
}: Common & { type?: string; defaultValue?: string | number | null; required?: boolean; autoComplete?: string }) {
  return (
    <Labelled {...common}>
      {(props) => (
        <input
          {...props}
          type={type}
          defaultValue={defaultValue ?? undefined}
          required={required}
          autoComplete={autoComplete}
          step={type === 'number' ? 'any' : undefined}
        />
      )}
    </Labelled>
  )
}

export function TextArea({ defaultValue, rows = 4, ...common }: Common & { defaultValue?: string | null; rows?: number }) {
  return <Labelled {...common}>{(props) => <textarea {...props} rows={rows} defaultValue={defaultValue ?? undefined} />}</Labelled>
}

export function Select({
  options,
  defaultValue,
  ...common
}: Common & { options: [value: string, label: string][]; defaultValue?: string | number | null }) {
  return (
    <Labelled {...common}>
      {(props) => (
        <select {...props} defaultValue={defaultValue == null ? '' : String(defaultValue)}>
          {options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  )
}

/** A refusal that is not about one field (409, 429, 503, 403...), said in words. */
export function FormProblem({ error }: { error: unknown }) {
  if (!error) return null
  const perField = error instanceof ApiError && error.status === 422 && Object.keys(error.errors ?? {}).some((key) => key !== '_schema')
  return (
    <div role="alert" className="problem">
      {perField ? 'Some fields need a change; see the messages beside them.' : explain(error)}
    </div>
  )
}

/** A form's values as strings; empty fields left out. */
export function valuesOf(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {}
  new FormData(form).forEach((value, key) => {
    if (typeof value === 'string' && value.trim() !== '') values[key] = value.trim()
  })
  return values
}

/** A number typed into a field; what cannot be read as one is passed on for the server to refuse. */
export function numberOr(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  return Number.isNaN(number) ? (value as unknown as number) : number
}
