/** Props recharts hands a Bar's custom shape (the subset the candle uses). */
export interface CandleShapeProps {
  x?: number
  y?: number
  width?: number
  height?: number
  payload?: { o: number; h: number; l: number; c: number; isUp: boolean }
}

export const CANDLE_UP = '#2bc48a'
export const CANDLE_DOWN = '#f0565a'

/**
 * Draws one candle inside the range bar recharts laid out from low to high: the wick spans
 * the bar, the body is placed by scaling open and close into the same pixels.
 */
export function CandleShape(props: CandleShapeProps) {
  const { x = 0, y = 0, width = 0, height = 0, payload } = props
  if (!payload) return null
  const span = payload.h - payload.l
  const perUnit = span > 0 ? height / span : 0
  const yOpen = y + (payload.h - payload.o) * perUnit
  const yClose = y + (payload.h - payload.c) * perUnit
  const top = Math.min(yOpen, yClose)
  const bodyHeight = Math.max(1, Math.abs(yOpen - yClose))
  const colour = payload.isUp ? CANDLE_UP : CANDLE_DOWN
  const center = x + width / 2
  const bodyWidth = Math.max(1, width * 0.7)
  return (
    <g className="candle">
      <line x1={center} x2={center} y1={y} y2={y + height} stroke={colour} strokeWidth={1} />
      <rect
        x={center - bodyWidth / 2}
        y={top}
        width={bodyWidth}
        height={bodyHeight}
        fill={colour}
      />
    </g>
  )
}
