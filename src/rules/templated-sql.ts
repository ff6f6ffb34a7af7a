import { defineRule } from '../core/rule.js';

/** Reported by the lint engine instead of a syntax error when the file holds template placeholders. */
export default defineRule({
  meta: {
    id: 'templated-sql',
    category: 'meta',
    severity: 'warning',
    summary: 'The file contains template placeholders and cannot be analysed as SQL.',
    why:
      'Placeholders such as Go templates ({{ .Table }}), Jinja ({% if %}) or Flyway/goose variables (${schema}) are filled in ' +
      'by a tool before Postgres sees the file, so the file as committed is not SQL and none of its statements were checked.',
    safeAlternative:
      'Render the template before linting (for example lint the output of the tool that fills it in), or keep ' +
      'schema changes in plain SQL files.',
    examples: { bad: ['CREATE INDEX {{ .Name }} ON orders (customer_id);'], good: ['CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);'] },
  },
  create: () => ({}),
});
