/** Opal Security API client: records, paging, errors and retries. Imports nothing else of this project. */
package dev.opaljitbot.opal;
