// The Worker's `@sendgrid/helpers` (wrangler.toml [alias]): the four parts @sendgrid/mail and @sendgrid/client
// take from it, without its index, which also loads the Attachment class (a Node-only file reader, `fs` and
// `path`) and classes no client uses. Node requires the real package; only wrangler's bundle uses this file.
// Required by path: the alias rewrites every import that starts with "@sendgrid/helpers".
'use strict';

module.exports = {
  classes: {
    Mail: require('../../../node_modules/@sendgrid/helpers/classes/mail.js'),
    Response: require('../../../node_modules/@sendgrid/helpers/classes/response.js'),
    ResponseError: require('../../../node_modules/@sendgrid/helpers/classes/response-error.js'),
  },
  helpers: {
    mergeData: require('../../../node_modules/@sendgrid/helpers/helpers/merge-data.js'),
  },
};
