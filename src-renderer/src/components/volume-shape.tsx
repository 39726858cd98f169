import type { CandleShapeProps } from './candle-shape'
import { CANDLE_DOWN, CANDLE_UP } from './candle-shape'

/** Draws a volume bar coloured like its candle. */
export function VolumeShape(props: CandleShapeProps) {
  const { x = 0, y = 0, width = 0, height = 0, payload } = props
  if (!payload || height <= 0) return null
  return (
    <rect
      x={x + width * 0.15}
      y={y}
      width={Math.max(1, width * 0.7)}
      height={height}
      fill={payload.isUp ? CANDLE_UP : CANDLE_DOWN}
      fillOpacity={0.45}
    />
  )
}
