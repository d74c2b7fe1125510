/** Runnable examples: the loan-processing workflow of the seed, end to end. */
package io.maestro.examples;
