import type { Order } from '../../../src-shared/contract'
import { orderStatusTone } from '../format/tones'
import { Pill } from './pill'

/** An order status as a coloured pill. */
export function OrderStatus(props: { status: Order['status'] }) {
  return <Pill tone={orderStatusTone(props.status)}>{props.status.replace('_', ' ')}</Pill>
}
