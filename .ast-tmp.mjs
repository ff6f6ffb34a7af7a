import { loadModule, parseSync } from 'libpg-query';
await loadModule();
for (const sql of process.argv.slice(2)) console.log(sql, '\n', JSON.stringify(parseSync(sql).stmts.map(s=>s.stmt), null, 1));
