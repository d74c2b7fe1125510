/**
 * How YAML becomes the model: a safe composer that yields nodes (never objects), readers that
 * check the shape of each node and remember where every definition path came from, and the
 * writer. Not an API.
 */
package io.maestro.yaml.internal;
