'use strict';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const UNSAFE_VALUE = /[\r\n\0]/;

function checkStatus(code) {
  if (!Number.isInteger(code) || code < 100 || code > 999) {
    throw new RangeError(`invalid HTTP status ${String(code)}: an integer from 100 to 999 is expected`);
  }
  return code;
}

function checkHeaderName(name) {
  if (typeof name !== 'string' || !TOKEN.test(name)) throw new TypeError(`invalid HTTP header name ${JSON.stringify(String(name))}`);
  return name;
}

function checkHeaderValue(name, value) {
  if (UNSAFE_VALUE.test(value)) throw new TypeError(`the value of HTTP header "${name}" contains a line break or NUL`);
  return value;
}

module.exports = { checkStatus, checkHeaderName, checkHeaderValue };
