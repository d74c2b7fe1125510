/**
 * The fluent Java DSL that builds {@link io.maestro.model.Workflow}s:
 * {@code Workflow.named("loan").version("1").step("a", s -> s.call("svc", "M")).build()}.
 * Builders are mutable and not thread-safe; what they build is immutable.
 */
package io.maestro.dsl;
