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
      default: throw new Error(`unknown op ${op}`);
    }
    res.json({ result: result ?? null });
  } catch (e) {
    res.json({ error: e.message }, 500);
  }
};
