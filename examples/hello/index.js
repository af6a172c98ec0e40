module.exports.handler = async (request, response) => {
  const name = request.query("name") ?? "world";
  response.json({ message: `Hello, ${name}!` });
};
