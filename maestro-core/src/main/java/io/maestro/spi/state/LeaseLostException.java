package io.maestro.spi.state;

import io.maestro.MaestroException;

/** A journal write was refused because another instance owns the execution now (higher epoch). */
public class LeaseLostException extends MaestroException {

    private static final long serialVersionUID = 1L;

    public LeaseLostException(String executionId, long epoch) {
        super("lease_lost", "execution " + executionId + ": lease epoch " + epoch
                + " is no longer current; another instance owns the execution", false);
    }
}
