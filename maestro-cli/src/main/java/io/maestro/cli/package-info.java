/** The {@code maestro} command: validate, execute, resume, status, graph and demo. */
package io.maestro.cli;
