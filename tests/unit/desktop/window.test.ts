import { describe, expect, it } from 'vitest'
import { hardenWindow, type HardenableContents } from '../../../src-main/desktop/harden-window'
import {
  CONTENT_SECURITY_POLICY,
  mainWindowOptions,
} from '../../../src-main/desktop/window-options'

describe('main window', () => {
  it('isolates and sandboxes the renderer without Node', () => {
    const options = mainWindowOptions('/app/preload.cjs')
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    })
  })

  it('allows only its own scripts', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
  })

  it('denies new windows and navigation away from the app', () => {
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined
    let navigate: ((event: { preventDefault(): void }, url: string) => void) | undefined
    const contents: HardenableContents = {
      setWindowOpenHandler: (handler) => (openHandler = handler),
      on: (_event, listener) => (navigate = listener),
    }
    hardenWindow(contents, 'file:///app/index.html')
    expect(openHandler?.({ url: 'https://evil.example' })).toEqual({ action: 'deny' })
    const prevented: string[] = []
    navigate?.({ preventDefault: () => prevented.push('evil') }, 'https://evil.example')
    navigate?.({ preventDefault: () => prevented.push('self') }, 'file:///app/index.html')
    expect(prevented).toEqual(['evil'])
  })
})
