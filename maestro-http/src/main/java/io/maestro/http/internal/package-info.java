/**
 * How the HTTP transport maps a call to a request and a response back to a value: method
 * mapping, percent-encoding, header templates, bounded body reading, JSON decoding and failure
 * classification. Not API: may change in any release.
 */
package io.maestro.http.internal;
