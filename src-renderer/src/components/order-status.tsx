import { asWords } from '../../../src-shared/words'
import type { Order } from '../../../src-shared/contract'
import { orderStatusTone } from '../format/tones'
import { Pill } from './pill'

/** An order status as a coloured pill, in words ("partially filled"). */
export function OrderStatus(props: { status: Order['status'] }) {
  return <Pill tone={orderStatusTone(props.status)}>{asWords(props.status)}</Pill>
}
