package io.maestro.spi.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingStateStoreTest {

    @Test
    void forwardsEveryMethodOfTheSpiIncludingThoseWithADefault() {
        // A default left unforwarded would silently answer for the delegate (purgeEnded: "nothing purged").
        List<String> notForwarded = Arrays.stream(StateStore.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !declaredBy(m))
                .map(Method::getName)
                .toList();

        assertThat(notForwarded).isEmpty();
    }

    private static boolean declaredBy(Method m) {
        try {
            ForwardingStateStore.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
