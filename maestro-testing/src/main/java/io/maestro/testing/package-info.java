/**
 * Test support for workflows: {@link io.maestro.testing.StubServices} (fluent in-memory stubs
 * that record every call), {@link io.maestro.testing.MaestroExtension} for JUnit 5, and
 * {@link io.maestro.testing.FakeClock}.
 */
package io.maestro.testing;
