/** The parts of a BrowserWindow's webContents the hardening needs (a fake in tests). */
export interface HardenableContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
  on(
    event: 'will-navigate',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): void
}

/** Denies new windows and every navigation away from the app's own page. */
export function hardenWindow(contents: HardenableContents, appUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-navigate', (event, url) => {
    if (url !== appUrl) event.preventDefault()
  })
}
