module.exports.handler = async (request, response) => {
  const name = request.query("name") ?? "world";
  console.log(`Greeting ${name}`);
  response.json({ message: `Hello, ${name}!` });
};
