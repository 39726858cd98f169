/** Returns whether Kraken's public Time endpoint answers within `timeoutMs`. */
export async function isExchangeReachable(baseUrl: string, timeoutMs = 5000): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl.replace(/\/$/, '')}/0/public/Time`, {
      signal: AbortSignal.timeout(timeoutMs),
    })
    return response.ok
  } catch {
    return false
  }
}
