// Second generation: /store/<op>?key=… through globalThis.jobber, which answers values, not items.
exports.handlerHttp = async (context) => {
  const key = context.request.query('key');
  const op = context.request.path.split('/').pop();
  const jobber = globalThis.jobber;
  let result;
  switch (op) {
    case 'get': result = await jobber.getStore(key); break;
    case 'set': result = await jobber.setStore(key, await context.request.text()); break;
    case 'cas': result = await jobber.compareAndSetStore(key, context.request.query('expected') ?? null,
      await context.request.text()); break;
    case 'delete': result = await jobber.deleteStore(key); break;
    case 'getJson': result = await jobber.getStoreJson(key); break;
    case 'setJson': result = await jobber.setStoreJson(key, JSON.parse(await context.request.text())); break;
    default: throw new Error(`unknown op ${op}`);
  }
  context.response.json({ result: result ?? null });
};
