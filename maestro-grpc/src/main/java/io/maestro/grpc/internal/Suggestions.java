package io.maestro.grpc.internal;

import io.maestro.model.NameSuggestions;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean" hints for misspelled names. */
final class Suggestions {

    private Suggestions() {
    }

    /** {@code "; did you mean 'x'?"}, or empty when nothing is close. */
    static String didYouMean(String name, Collection<String> candidates) {
        List<String> close = closest(name, candidates);
        return close.isEmpty() ? "" : "; did you mean '" + close.get(0) + "'?";
    }

    /**
     * The candidates within a small edit distance of {@code name}, or that it starts (or that
     * start it), ignoring case and underscores; closest first.
     */
    static List<String> closest(String name, Collection<String> candidates) {
        String n = normal(name);
        int limit = Math.max(2, n.length() / 4);
        return candidates.stream()
                .filter(c -> {
                    String m = normal(c);
                    return distance(n, m) <= limit || (Math.min(n.length(), m.length()) >= 3 && (m.startsWith(n) || n.startsWith(m)));
                })
                .sorted(Comparator.comparingInt(c -> distance(n, normal(c))))
                .toList();
    }

    private static String normal(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "");
    }

    static int distance(String a, String b) {
        return NameSuggestions.distance(a, b);
    }
}
