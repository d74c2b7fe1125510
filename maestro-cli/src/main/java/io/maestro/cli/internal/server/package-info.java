/** {@code maestro serve}: the HTTP/JSON API over an orchestrator (docs/server.md). */
package io.maestro.cli.internal.server;
