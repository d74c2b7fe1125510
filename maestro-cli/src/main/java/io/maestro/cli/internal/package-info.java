/** The CLI's helpers: input reading, store locations, progress lines, result JSON, Mermaid graphs. */
package io.maestro.cli.internal;
