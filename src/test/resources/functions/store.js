// First generation: /store/<op>?key=…[&ttl=…] runs a context store call and answers {result} or {error}.
const instance = Math.random().toString(36).slice(2);

module.exports.handler = async (req, res, context) => {
  const key = req.query('key');
  const ttl = req.query('ttl');
  const options = ttl === null ? undefined : { ttl: Number(ttl) };
  const op = req.path().split('/').pop();
  try {
    let result;
    switch (op) {
      case 'get': result = await context.getStore(key); break;
      case 'set': result = await context.setStore(key, req.text(), options); break;
      case 'delete': result = await context.deleteStore(key); break;
      case 'getJson': result = await context.getStoreJson(key); break;
      case 'setJson': result = await context.setStoreJson(key, req.json(), options); break;
      case 'deleteJson': result = await context.deleteStoreJson(key); break;
      case 'env': result = { value: process.env[key] ?? null, instance }; break;
      case 'increment': {
        const n = Number(req.query('n') ?? 1);
        result = await Promise.all(Array.from({ length: n }, () => increment(context, key)));
        break;
      }
      case 'cas': result = await context.compareAndSetStore(key, req.query('expected'), req.text(), options); break;
      case 'bench': result = await bench(context, key, Number(req.query('n'))); break;
      default: throw new Error(`unknown op ${op}`);
    }
    res.json({ result: result ?? null });
  } catch (e) {
    res.json({ error: e.message }, 500);
  }
};

// n sequential setStore then n getStore calls; per-call round trips (runner → manager → database → runner) in ms.
async function bench(context, key, n) {
  const timings = { set: [], get: [] };
  let mismatches = 0;
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await context.setStore(`${key}-${i % 10}`, `value ${i}`);
    timings.set.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    const item = await context.getStore(`${key}-${i % 10}`);
    timings.get.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (item.value !== `value ${n - 10 + (i % 10)}`) mismatches++;
  }
  const summary = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return { p50: at(0.5), p99: at(0.99), mean: values.reduce((a, b) => a + b, 0) / values.length };
  };
  return { set: summary(timings.set), get: summary(timings.get), mismatches };
}

// Adds 1 to the number under key with compare-and-set, retrying when another request changed it first.
async function increment(context, key) {
  for (let attempts = 1; ; attempts++) {
    const current = (await context.getStore(key))?.value ?? null;
    const next = String(Number(current ?? 0) + 1);
    if ((await context.compareAndSetStore(key, current, next)) !== null) return { value: next, attempts };
  }
}
