import { describe, expect, it } from 'vitest'
import { redactUrl } from '../../../src-main/engine/store'

// The redacted URL is the store's location: shown in Settings, answered by the API, logged.
describe('redactUrl', () => {
  it('hides the password of the user part', () => {
    expect(redactUrl('postgres://trader:s3cret@db.local:5432/triplegain')).toBe(
      'postgres://trader:***@db.local:5432/triplegain',
    )
  })

  it('hides a password given as a query parameter, which pg reads too', () => {
    const redacted = redactUrl(
      'postgres://trader@db.local/triplegain?sslmode=require&password=s3cret&sslpassword=k3y',
    )
    expect(redacted).not.toContain('s3cret')
    expect(redacted).not.toContain('k3y')
    expect(redacted).toBe(
      'postgres://trader@db.local/triplegain?sslmode=require&password=***&sslpassword=***',
    )
  })

  it('leaves a URL without secrets as it is', () => {
    expect(redactUrl('postgres://trader@db.local/triplegain?sslmode=require')).toBe(
      'postgres://trader@db.local/triplegain?sslmode=require',
    )
  })

  it('says only that it cannot read an unparseable URL', () => {
    expect(redactUrl('not a url s3cret')).toBe('postgres://(unparseable url)')
  })
})
