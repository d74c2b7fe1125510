package io.maestro.model;

import java.util.Collection;

/**
 * "Did you mean …?" for misspelled names, by edit distance: used in every error message that
 * names an unknown field, service or value.
 *
 * <pre>{@code
 * NameSuggestions.didYouMean("compensat", List.of("compensate", "condition")) // " (did you mean 'compensate'?)"
 * }</pre>
 */
public final class NameSuggestions {

    private NameSuggestions() {
    }

    /** The closest candidate within a small edit distance, or {@code null}. */
    public static String closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(name.toLowerCase(), c.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(2, name.length() / 3);
        return bestDistance <= allowed ? best : null;
    }

    /** {@code " (did you mean 'x'?)"}, or an empty string. */
    public static String didYouMean(String name, Collection<String> candidates) {
        String c = closest(name, candidates);
        return c == null ? "" : " (did you mean '" + c + "'?)";
    }

    /** The Levenshtein edit distance between two strings. */
    public static int distance(String a, String b) {
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
