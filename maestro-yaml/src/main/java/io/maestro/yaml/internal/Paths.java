package io.maestro.yaml.internal;

/** Definition paths such as {@code steps[1].parallel[0].sequence[2].input.loan_id}. */
final class Paths {

    private Paths() {
    }

    static String field(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    /** The enclosing path, {@code ""} for a top-level one, or {@code null} for the root. */
    static String parent(String path) {
        if (path.isEmpty()) {
            return null;
        }
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
