package io.maestro.yaml.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesShortFormsAndSums() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("1h30m15s")).isEqualTo(Duration.ofSeconds(5415));
    }

    @Test
    void parsesIso8601() {
        assertThat(Durations.parse("PT5S")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("PT0.25S")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("P1D")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void numberWithoutUnitAsksForOne() {
        assertThatThrownBy(() -> Durations.parse("5")).hasMessage("duration '5' has no unit; write 5s or 5ms");
    }

    @Test
    void rejectsOtherText() {
        assertThatThrownBy(() -> Durations.parse("5 s")).hasMessageStartingWith("invalid duration '5 s'");
        assertThatThrownBy(() -> Durations.parse("1.5s")).hasMessageStartingWith("invalid duration '1.5s'");
        assertThatThrownBy(() -> Durations.parse("PT5X")).hasMessageStartingWith("invalid ISO-8601 duration 'PT5X'");
        assertThatThrownBy(() -> Durations.parse("5d")).hasMessageStartingWith("invalid duration '5d'");
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(120))).isEqualTo("2h");
        assertThat(Durations.format(Duration.ofNanos(500))).isEqualTo("PT0.0000005S");
    }
}
