package io.maestro.yaml.internal;

import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.inspector.TagInspector;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses YAML text into one node tree, never into objects: no constructor runs, so no tag can
 * instantiate a class. Every refusal (syntax error, second document, alias or nesting or size
 * limit, global tag) becomes a located problem instead of an exception.
 */
public final class SafeYaml {

    /** Largest document accepted, in characters (1 MiB). */
    public static final int MAX_DOCUMENT_CHARS = 1024 * 1024;
    /** Most aliases of a mapping or list in one document (billion-laughs defence). */
    public static final int MAX_COLLECTION_ALIASES = 20;
    /** Deepest nesting of mappings and lists. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Most nodes visited while reading one document, aliases expanded. */
    public static final int MAX_EXPANDED_NODES = 100_000;

    private SafeYaml() {
    }

    /**
     * The root node of the single document in {@code text}, or {@code null} after reporting why
     * there is none (an empty document is reported too).
     */
    public static Node compose(String text, Diagnostics diagnostics) {
        if (text.length() > MAX_DOCUMENT_CHARS) {
            diagnostics.at(1, 1, "", "the document is " + text.length() + " characters long, above the limit of "
                    + MAX_DOCUMENT_CHARS + " (1 MiB); split it or reduce it");
            return null;
        }
        TrackingComposer composer = new TrackingComposer(text, options());
        Node root;
        try {
            root = composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            report(e, diagnostics);
            return null;
        } catch (YAMLException e) {
            diagnostics.at(composer.lastMark, "", refusal(e.getMessage()));
            return null;
        } catch (StackOverflowError e) {
            // Not expected with the nesting limit; a refusal all the same, never a crash.
            diagnostics.at(composer.lastMark, "", "the document is nested too deeply");
            return null;
        }
        if (root == null) {
            diagnostics.at(1, 1, "", "the document is empty");
        }
        return root;
    }

    static LoaderOptions options() {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(false);
        o.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        o.setAllowRecursiveKeys(false);
        o.setNestingDepthLimit(MAX_NESTING_DEPTH);
        o.setCodePointLimit(MAX_DOCUMENT_CHARS);
        o.setMergeOnCompose(true);
        o.setProcessComments(false);
        TagInspector noGlobalTags = tag -> false;
        o.setTagInspector(noGlobalTags);
        return o;
    }

    private static void report(MarkedYAMLException e, Diagnostics diagnostics) {
        String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        if (String.valueOf(e.getContext()).contains("expected a single document") || String.valueOf(problem).contains("another document")) {
            diagnostics.at(mark, "", "a second YAML document starts here; a file holds exactly one workflow (remove the '---' and what follows)");
            return;
        }
        if (problem != null && problem.startsWith("Global tag is not allowed")) {
            diagnostics.at(mark, "", "tag " + problem.substring(problem.indexOf(':') + 1).trim()
                    + " is not allowed: Maestro never constructs objects from YAML tags");
            return;
        }
        String context = e.getContext() == null ? "" : " (" + e.getContext().trim() + ")";
        diagnostics.at(mark, "", "YAML syntax error: " + problem + context);
    }

    private static String refusal(String message) {
        String m = message == null ? "" : message;
        if (m.contains("aliases")) {
            return "too many aliases to mappings or lists (more than " + MAX_COLLECTION_ALIASES
                    + "); this looks like an alias bomb ('billion laughs') and is refused";
        }
        if (m.contains("Nesting Depth")) {
            return "the document is nested more than " + MAX_NESTING_DEPTH + " levels deep";
        }
        if (m.contains("exceeds the limit")) {
            return "the document is above the size limit of " + MAX_DOCUMENT_CHARS + " characters (1 MiB)";
        }
        return "YAML refused: " + m;
    }

    /** Remembers where it was last, so that refusals without a mark can still be located. */
    private static final class TrackingComposer extends Composer {
        Mark lastMark;

        TrackingComposer(String text, LoaderOptions options) {
            super(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(), options);
        }

        private void track() {
            try {
                if (parser.peekEvent() != null) {
                    lastMark = parser.peekEvent().getStartMark();
                }
            } catch (YAMLException e) {
                // the next call fails with a marked exception of its own
            }
        }

        @Override
        protected Node composeSequenceNode(String anchor) {
            track();
            return super.composeSequenceNode(anchor);
        }

        @Override
        protected Node composeMappingNode(String anchor) {
            track();
            return super.composeMappingNode(anchor);
        }

        @Override
        protected Node composeKeyNode(org.yaml.snakeyaml.nodes.MappingNode node) {
            track();
            return super.composeKeyNode(node);
        }

        @Override
        protected Node composeValueNode(org.yaml.snakeyaml.nodes.MappingNode node) {
            track();
            return super.composeValueNode(node);
        }
    }
}
