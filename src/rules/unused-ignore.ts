import { defineRule } from '../core/rule.js';

/** Reported by the lint engine for ignore comments that name unknown rules or suppress nothing. */
export default defineRule({
  meta: {
    id: 'unused-ignore',
    category: 'meta',
    severity: 'notice',
    summary: 'An ignore comment names an unknown rule or suppresses nothing.',
    why: 'Stale ignore comments pile up and hide the next real problem on the same statement; a misspelt rule id suppresses nothing at all.',
    safeAlternative: 'Remove the ignore comment, or correct the rule id it names.',
    examples: {
      bad: ['-- sql-preflight-ignore require-concurrent-index-creation\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);'],
      good: ['-- sql-preflight-ignore require-concurrent-index-creation\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);'],
    },
  },
  create: () => ({}),
});
