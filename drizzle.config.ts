import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'postgresql',
  schema: './src-main/engine/store/schema/index.ts',
  out: './migrations',
})
