/**
 * Opens a PGlite store in a separate process (argv[2] = data folder) and prints the outcome;
 * used to show that a second process gets a clear error instead of corrupting the folder.
 */
import { openStore } from '../../src-main/engine/store'

try {
  const store = await openStore({ driver: 'pglite', dataDir: process.argv[2] as string })
  console.log('opened')
  await store.close()
} catch (error) {
  const { name, message } = error as Error
  console.log(`${name}: ${message}`)
  process.exitCode = 3
}
