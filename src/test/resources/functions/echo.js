// A first-generation function exercising the handler API for the gateway tests.
const instance = Math.random().toString(36).slice(2);

module.exports.handler = async (request, response) => {
  const path = request.path();
  // ?until=<url>: first waits until that URL answers "true" (a test's gate).
  const gate = request.query('until');
  if (gate) {
    while ((await (await fetch(gate)).text()) !== 'true') await new Promise((resolve) => setTimeout(resolve, 50));
  }
  switch (path) {
    case '/echo/json':
      return response.json({
        method: request.method(),
        path,
        query: request.query('q'),
        queries: request.queries('q'),
        header: request.header('x-test'),
        body: request.text(),
        instance,
      });
    case '/echo/binary':
      response.header('content-type', 'application/octet-stream');
      response.chunk(request.data());
      return;
    case '/echo/status':
      response.header('x-answer', '42');
      response.text('teapot', 418);
      return;
    case '/echo/redirect':
      response.redirect('/elsewhere');
      return;
    case '/echo/request': {
      const web = request.getHttpRequest();
      return response.json({ url: web.url, method: web.method });
    }
    case '/echo/instance':
      return response.text(instance);
    case '/echo/sleep':
      await new Promise((resolve) => setTimeout(resolve, Number(request.query('ms') ?? '50')));
      return response.text(instance);
    case '/echo/hang':
      await new Promise(() => {});
      return;
    case '/echo/print':
      for (let i = 0; i < 20000; i++) console.log('x'.repeat(500));
      return response.text('printed');
    case '/echo/version':
      return response.text(process.env.JOBBER_TEST_VERSION ?? 'v?');
    default:
      return response.text('default');
  }
};
