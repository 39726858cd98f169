/** Where the headless host's bearer token is kept for the browser tab's lifetime. */
export const TOKEN_STORAGE_KEY = 'triplegain.token'

/**
 * Returns the bearer token for the headless host. On first load the host hands it over as
 * `?token=`; it is moved to sessionStorage and stripped from the address bar so it does
 * not linger in history or get copied along with the URL.
 */
export function takeToken(
  location: Pick<Location, 'href'>,
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  history: Pick<History, 'replaceState'>,
): string | null {
  const url = new URL(location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    storage.setItem(TOKEN_STORAGE_KEY, fromUrl)
    url.searchParams.delete('token')
    history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`)
    return fromUrl
  }
  return storage.getItem(TOKEN_STORAGE_KEY)
}
