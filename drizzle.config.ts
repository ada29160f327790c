import { defineConfig } from 'drizzle-kit';

// Only for generating migrations (`npm run db:generate`); migrations are applied by `npm run db:migrate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './migrations',
});
