/** JMH benchmarks of Maestro against hand-written baselines; results in docs/BENCHMARKS.md. */
package io.maestro.bench;
