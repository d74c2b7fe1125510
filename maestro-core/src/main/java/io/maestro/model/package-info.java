/**
 * The workflow model: immutable, thread-safe records that the Java DSL and the YAML loader
 * both produce, and that the engine runs.
 */
package io.maestro.model;
