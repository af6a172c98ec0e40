// Tries to write where a runner may and may not: /files/write?path=…&bytes=… answers {ok} or {error: code}.
const fs = require('fs');

module.exports.handler = async (request, response) => {
  const path = request.query('path');
  const bytes = Number(request.query('bytes') ?? '5');
  try {
    fs.writeFileSync(path, Buffer.alloc(bytes, 120));
    const size = fs.statSync(path).size;
    fs.rmSync(path, { force: true });
    response.json({ ok: size });
  } catch (e) {
    response.json({ error: e.code ?? e.message });
  }
};
