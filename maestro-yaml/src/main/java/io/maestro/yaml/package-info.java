/**
 * The YAML workflow language: {@link io.maestro.yaml.YamlWorkflows} loads, validates and writes
 * workflows, {@link io.maestro.yaml.ServiceBindings} loads service-binding files, and every
 * problem comes back as a {@link io.maestro.yaml.LocatedProblem} at a line and column.
 * The JSON Schema of the language ships as {@code io/maestro/yaml/maestro-workflow.schema.json}.
 */
package io.maestro.yaml;
