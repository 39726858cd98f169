import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { DEFAULT_CREDENTIALS, KrakenSimulator, krakenSignature } from '../../fakes/kraken'
import { START_MS } from './simulator-setup'

interface Envelope {
  error: string[]
  result?: Record<string, unknown>
}

describe('Kraken simulator wire protocol over plain HTTP', () => {
  const sim = new KrakenSimulator({ clock: new VirtualClock(START_MS) })
  let url: string
  let nonce = 1_700_000_000_000

  beforeAll(async () => {
    url = (await sim.start()).url
  })
  afterAll(async () => {
    await sim.stop()
  })
  beforeEach(() => {
    sim.reset()
    sim.setBalance('USDT', '1000')
  })

  async function post(
    method: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: Envelope; contentType: string | null }> {
    const response = await fetch(`${url}/0/private/${method}`, { method: 'POST', body, headers })
    return {
      status: response.status,
      body: (await response.json()) as Envelope,
      contentType: response.headers.get('content-type'),
    }
  }

  /** Posts a form body signed the way Kraken documents, with overridable parts. */
  function signedPost(
    method: string,
    fields: Record<string, string>,
    options: { apiKey?: string; secret?: string; nonce?: string; signedBody?: string } = {},
  ) {
    const nonceText = options.nonce ?? String(++nonce)
    const body = new URLSearchParams({ nonce: nonceText, ...fields }).toString()
    const signature = krakenSignature(
      `/0/private/${method}`,
      nonceText,
      options.signedBody ?? body,
      options.secret ?? DEFAULT_CREDENTIALS.secret,
    )
    return post(method, body, {
      'content-type': 'application/x-www-form-urlencoded',
      'api-key': options.apiKey ?? DEFAULT_CREDENTIALS.apiKey,
      'api-sign': signature,
    })
  }

  async function get(path: string): Promise<{ status: number; body: Envelope }> {
    const response = await fetch(`${url}${path}`)
    return { status: response.status, body: (await response.json()) as Envelope }
  }

  describe('API-Sign', () => {
    it("matches Kraken's documented test vector", () => {
      const signature = krakenSignature(
        '/0/private/AddOrder',
        '1616492376594',
        'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25',
        'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==',
      )
      expect(signature).toBe(
        '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==',
      )
    })

    it('accepts a correctly signed form request and answers the envelope as JSON with HTTP 200', async () => {
      const answer = await signedPost('Balance', {})
      expect(answer).toEqual({
        status: 200,
        body: { error: [], result: { USDT: '1000.00000000' } },
        contentType: 'application/json; charset=utf-8',
      })
    })

    it('accepts a correctly signed JSON body (its nonce is a string field)', async () => {
      const nonceText = String(++nonce)
      const body = JSON.stringify({ nonce: nonceText, trades: true })
      const answer = await post('OpenOrders', body, {
        'content-type': 'application/json',
        'api-key': DEFAULT_CREDENTIALS.apiKey,
        'api-sign': krakenSignature(
          '/0/private/OpenOrders',
          nonceText,
          body,
          DEFAULT_CREDENTIALS.secret,
        ),
      })
      expect(answer.body).toEqual({ error: [], result: { open: {} } })
    })

    it.each([
      [
        'signed with another secret',
        { secret: Buffer.from('wrong').toString('base64') },
        'EAPI:Invalid signature',
      ],
      ['signed over another body', { signedBody: 'nonce=1&asset=ZUSD' }, 'EAPI:Invalid signature'],
      ['an unknown key', { apiKey: 'nobody' }, 'EAPI:Invalid key'],
      ['a nonce that is not a number', { nonce: 'abc' }, 'EAPI:Invalid nonce'],
    ])('refuses a request %s', async (_name, options, error) => {
      const answer = await signedPost('Balance', {}, options)
      expect(answer.status).toBe(200)
      expect(answer.body).toEqual({ error: [error] })
    })

    it('refuses a request without API-Key or API-Sign', async () => {
      const noKey = await post('Balance', `nonce=${++nonce}`, {
        'content-type': 'application/x-www-form-urlencoded',
      })
      expect(noKey.body).toEqual({ error: ['EAPI:Invalid key'] })
      const noSign = await post('Balance', `nonce=${++nonce}`, {
        'api-key': DEFAULT_CREDENTIALS.apiKey,
      })
      expect(noSign.body).toEqual({ error: ['EAPI:Invalid signature'] })
    })
  })

  describe('nonces', () => {
    it('must strictly increase per key: equal and lower nonces are refused', async () => {
      expect((await signedPost('Balance', {}, { nonce: '5000' })).body.error).toEqual([])
      expect((await signedPost('Balance', {}, { nonce: '5000' })).body.error).toEqual([
        'EAPI:Invalid nonce',
      ])
      expect((await signedPost('Balance', {}, { nonce: '4999' })).body.error).toEqual([
        'EAPI:Invalid nonce',
      ])
      expect((await signedPost('Balance', {}, { nonce: '5001' })).body.error).toEqual([])
    })

    it('a refused signature does not move the nonce', async () => {
      await signedPost(
        'Balance',
        {},
        { nonce: '7000', secret: Buffer.from('wrong').toString('base64') },
      )
      expect((await signedPost('Balance', {}, { nonce: '7000' })).body.error).toEqual([])
    })

    it('are counted per key', async () => {
      const other = {
        apiKey: 'second-key',
        secret: Buffer.from('second secret').toString('base64'),
      }
      const twoKeys = new KrakenSimulator({ credentials: [DEFAULT_CREDENTIALS, other] })
      const address = await twoKeys.start()
      try {
        const send = async (credentials: typeof other, nonceText: string) => {
          const body = `nonce=${nonceText}`
          const response = await fetch(`${address.url}/0/private/Balance`, {
            method: 'POST',
            body,
            headers: {
              'api-key': credentials.apiKey,
              'api-sign': krakenSignature(
                '/0/private/Balance',
                nonceText,
                body,
                credentials.secret,
              ),
            },
          })
          return ((await response.json()) as Envelope).error
        }
        expect(await send(DEFAULT_CREDENTIALS, '100')).toEqual([])
        expect(await send(other, '100')).toEqual([])
      } finally {
        await twoKeys.stop()
      }
    })
  })

  describe('public methods', () => {
    it('answer GET and POST alike', async () => {
      const viaGet = await get('/0/public/Time')
      const viaPost = await fetch(`${url}/0/public/Time`, { method: 'POST' })
      expect(viaGet.body.result).toEqual({
        unixtime: START_MS / 1000,
        rfc1123: 'Tue, 14 Nov 23 22:13:20 +0000',
      })
      expect(((await viaPost.json()) as Envelope).result).toEqual(viaGet.body.result)
    })

    it.each([
      ['/0/public/Depth?pair=XBTUSDT&count=0', 'EGeneral:Invalid arguments:count'],
      ['/0/public/OHLC?pair=XBTUSDT&interval=7', 'EGeneral:Invalid arguments:interval'],
      ['/0/public/OHLC', 'EGeneral:Invalid arguments:pair'],
      ['/0/public/Ticker?pair=DOGEEUR', 'EQuery:Unknown asset pair'],
      ['/0/public/Assets?asset=DOGE', 'EQuery:Unknown asset'],
    ])('%s answers %s', async (path, error) => {
      expect(await get(path)).toEqual({ status: 200, body: { error: [error] } })
    })

    it('list one asset pair by altname under its id', async () => {
      const answer = await get('/0/public/AssetPairs?pair=XRPXBT')
      expect(Object.keys(answer.body.result ?? {})).toEqual(['XXRPXXBT'])
      expect(answer.body.result?.['XXRPXXBT']).toMatchObject({
        altname: 'XRPXBT',
        base: 'XXRP',
        quote: 'XXBT',
      })
    })
  })

  describe('errors never leak internals', () => {
    it.each([['/0/public/Nonsense'], ['/0/private/Nonsense'], ['/api/whatever']])(
      '%s answers 404 with EGeneral:Unknown method',
      async (path) => {
        expect(await get(path)).toEqual({
          status: 404,
          body: { error: ['EGeneral:Unknown method'] },
        })
      },
    )

    it('an unexpected exception is answered as EGeneral:Internal error and kept in the request log', async () => {
      // A market order on a pair without a mark price is a mistake in the test setup.
      const answer = await signedPost('AddOrder', {
        pair: 'XBTUSDT',
        type: 'buy',
        ordertype: 'market',
        volume: '0.01',
      })
      expect(answer.body).toEqual({ error: ['EGeneral:Internal error'] })
      expect(JSON.stringify(answer.body)).not.toContain('at ')
      expect(sim.requests('AddOrder')[0]?.failure).toContain('no mark price: pair=XBTUSDT')
    })

    it('a JSON body that does not parse is EGeneral:Invalid arguments', async () => {
      const answer = await post('Balance', '{not json', {
        'content-type': 'application/json',
        'api-key': DEFAULT_CREDENTIALS.apiKey,
        'api-sign': 'x',
      })
      expect(answer.body).toEqual({ error: ['EGeneral:Invalid arguments'] })
    })
  })

  describe('request log', () => {
    it('records method, decoded parameters (close[...] nested), status, errors and outcome', async () => {
      sim.setPrice('XBTUSDT', '30000.0')
      await signedPost('AddOrder', {
        pair: 'XBTUSDT',
        type: 'buy',
        ordertype: 'limit',
        volume: '0.01',
        price: '29000',
        'close[ordertype]': 'stop-loss',
        'close[price]': '28000',
      })
      await get('/0/public/Time')
      const [addOrder, time] = sim.requests()
      expect(addOrder).toMatchObject({
        sequence: 1,
        at: START_MS,
        httpMethod: 'POST',
        api: 'private',
        method: 'AddOrder',
        status: 200,
        errors: [],
        outcome: 'answered',
        params: { close: { ordertype: 'stop-loss', price: '28000' }, price: '29000' },
      })
      expect(time).toMatchObject({ sequence: 2, api: 'public', method: 'Time', httpMethod: 'GET' })
      expect(sim.requests('Time')).toEqual([time])
    })
  })

  describe('lifecycle', () => {
    it('reports its URL only while started and can start again after stopping', async () => {
      const other = new KrakenSimulator()
      expect(() => other.url).toThrow(/not started/)
      const first = await other.start()
      expect(other.url).toBe(first.url)
      await expect(other.start()).rejects.toThrow(/already started/)
      await other.stop()
      expect(() => other.url).toThrow(/not started/)
      const second = await other.start()
      expect((await fetch(`${second.url}/0/public/SystemStatus`)).status).toBe(200)
      await other.stop()
    })

    it('reset forgets orders, balances, prices, faults and nonces', async () => {
      sim.setPrice('BTC/USDT', '30000.0')
      await signedPost(
        'AddOrder',
        { pair: 'XBTUSDT', type: 'buy', ordertype: 'market', volume: '0.01' },
        { nonce: '9000' },
      )
      sim.faults.rateLimit('*', 5)
      sim.reset()
      expect(sim.orders()).toEqual([])
      expect(sim.trades()).toEqual([])
      expect(sim.balance('USDT')).toEqual({ total: '0', held: '0', free: '0' })
      expect(sim.faults.pending()).toEqual([])
      expect(sim.requests()).toEqual([])
      expect((await get('/0/public/Ticker?pair=XBTUSDT')).body.result).toEqual({})
      expect((await signedPost('Balance', {}, { nonce: '9000' })).body.error).toEqual([])
    })
  })

  describe('control surface', () => {
    it.each([
      [
        'a price with more decimals than the pair',
        () => sim.setPrice('BTC/USDT', '30000.05'),
        /precision/,
      ],
      ['a price that is not a decimal', () => sim.setPrice('BTC/USDT', '3e4'), /not a decimal/],
      ['an unknown pair', () => sim.setPrice('DOGE/EUR', '1'), /Unknown asset pair/],
      ['an unknown asset', () => sim.setBalance('DOGE', '1'), /Unknown asset/],
      ['a partial fill fraction of 1', () => sim.faults.partialFill('1'), /fraction/],
      ['a fault for zero requests', () => sim.faults.rateLimit('AddOrder', 0), /positive integer/],
    ])('refuses %s', (_name, call, message) => {
      expect(call).toThrow(message)
    })
  })
})
