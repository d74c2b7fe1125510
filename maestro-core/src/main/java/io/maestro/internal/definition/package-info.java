/** Validation of workflow definitions, shared by the Java DSL and the YAML loader. */
package io.maestro.internal.definition;
