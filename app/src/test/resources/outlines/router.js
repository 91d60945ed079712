'use strict';

/**
 * Module dependencies.
 */
const { EventEmitter } = require('events');

/**
 * A minimal HTTP router: register handlers by method and path,
 * then dispatch requests to them.
 */
class Router extends EventEmitter {
  /**
   * Create a router.
   * @param {object} [options] - matching options
   */
  constructor(options = {}) {
    super();
    this.routes = [];
    this.caseSensitive = Boolean(options.caseSensitive);
  }

  /**
   * Register a handler for GET requests on `path`.
   * @param {string} path
   * @param {Function} handler
   */
  get(path, handler) {
    return this.route('GET', path, handler);
  }

  route(method, path, handler) {
    this.routes.push({ method, path, handler });
    return this;
  }

  /** Dispatch one request; resolves when a handler has answered. */
  async handle(req, res) {
    const match = this.routes.find((r) => r.method === req.method && r.path === req.url);
    if (!match) {
      res.statusCode = 404;
      return res.end();
    }
    return match.handler(req, res);
  }

  static *methods() {
    yield 'GET';
    yield 'POST';
  }
}

/**
 * Parse a query string into an object.
 * Repeated keys become arrays.
 */
function parseQuery(query) {
  const out = {};
  for (const part of query.split('&')) {
    const [k, v] = part.split('=');
    out[k] = k in out ? [].concat(out[k], v) : v;
  }
  return out;
}

// Joins path segments with single slashes.
const joinPaths = (...parts) => parts.join('/').replace(/\/+/g, '/');

/** Wrap an async handler so that rejections reach `next`. */
const wrap = function wrapAsync(fn) {
  return (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);
};

/**
 * Mount a sub-router under a prefix.
 */
Router.prototype.use = function use(prefix, router) {
  this.routes.push(...router.routes.map((r) => ({ ...r, path: prefix + r.path })));
  return this;
};

module.exports = { Router, parseQuery, joinPaths, wrap };
