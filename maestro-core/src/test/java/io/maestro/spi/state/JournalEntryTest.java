package io.maestro.spi.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JournalEntryTest {

    private static JournalEntry entry(Map<String, Object> data) {
        return new JournalEntry("e-1", 1, EntryType.STEP_COMPLETED, "a", 1, Instant.EPOCH, data);
    }

    @Test
    void aMutableMapIsCopiedSoLaterChangesDoNotReachTheJournal() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("output", 1);
        data.put("extra", null);
        JournalEntry entry = entry(data);
        data.put("output", 2);
        data.remove("extra");

        assertThat(entry.data()).containsExactly(Map.entry("output", 1), new java.util.AbstractMap.SimpleEntry<>("extra", null));
        assertThatThrownBy(() -> entry.data().put("x", 3)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theJdksImmutableMapsAreKeptAsTheyAre() {
        Map<String, Object> single = Collections.singletonMap("output", null);
        Map<String, Object> one = Map.of("reason", "x");
        Map<String, Object> two = Map.of("a", 1, "b", 2);

        assertThat(entry(single).data()).isSameAs(single);
        assertThat(entry(one).data()).isSameAs(one);
        assertThat(entry(two).data()).isSameAs(two);
    }

    @Test
    void anUnmodifiableViewIsCopiedBecauseWhatItWrapsMayChange() {
        Map<String, Object> backing = new LinkedHashMap<>(Map.of("output", 1));
        JournalEntry entry = entry(Collections.unmodifiableMap(backing));
        backing.put("output", 2);

        assertThat(entry.data()).containsEntry("output", 1);
    }
}
