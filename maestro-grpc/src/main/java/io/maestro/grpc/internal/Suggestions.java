package io.maestro.grpc.internal;

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
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
