/**
 * Splits `text` into the pieces a streaming fake sends one by one: each word with the
 * whitespace after it. An empty text gives no pieces.
 */
export const splitForStreaming = (text: string): string[] => text.match(/\s*\S+\s*|\s+/g) ?? []
