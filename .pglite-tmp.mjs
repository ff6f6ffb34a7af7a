import { PGlite } from '@electric-sql/pglite';
const db = new PGlite();
async function run(label, sql) {
  const notices = [];
  try { await db.exec(sql, { onNotice: (n) => notices.push(n.severity + ': ' + n.message) }); console.log(label, 'ok', notices); }
  catch (e) { console.log(label, 'ERR', e.message, notices); }
  try { await db.exec('ROLLBACK'); } catch {}
}
await db.exec('CREATE TABLE t (id int); INSERT INTO t VALUES (1)');
await run('implicit BEGIN', 'SELECT 1; BEGIN; SELECT 2; COMMIT;');
await run('double BEGIN', 'BEGIN; BEGIN; COMMIT;');
await run('commit in implicit', 'SELECT 1; COMMIT; SELECT 2;');
await run('commit and chain', 'BEGIN; SELECT 1; COMMIT AND CHAIN; SELECT 3');
await run('after chain', 'SELECT 4');
