package io.maestro.internal.definition;

import io.maestro.DefinitionException;
import io.maestro.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Problems collected while validating; thrown all together. */
public final class Problems {

    private final List<Problem> list = new ArrayList<>();

    public void add(Problem problem) {
        list.add(problem);
    }

    public List<Problem> list() {
        return Collections.unmodifiableList(list);
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public void throwIfAny() {
        if (!list.isEmpty()) {
            throw new DefinitionException(list);
        }
    }
}
