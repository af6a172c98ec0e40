module.exports.handler = async (request, response) => {
  response.text('ok');
};
