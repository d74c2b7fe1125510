/**
 * The HTTP/JSON transport: {@link io.maestro.http.HttpService} builds {@code type: http}
 * service bindings and {@link io.maestro.http.HttpTransport} calls them with
 * {@code java.net.http}. Having this module on the class path is enough for workflows with
 * {@code http} bindings to run: the transport is found with {@link java.util.ServiceLoader}.
 */
package io.maestro.http;
