/**
 * Maestro's template and expression engine: a lexer and recursive-descent parser that accept
 * only the workflow expression grammar, and a translator that turns the validated syntax tree
 * into MVEL source of Maestro's own making, compiled once per template.
 *
 * <p>User-written text never reaches MVEL; context values reach it only as data, through a
 * read-only variable resolver.
 */
package io.maestro.internal.expression;
