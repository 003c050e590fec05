package io.tidemark.engine.api.internals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The nodes of a pipeline in declaration order (parents before children). */
public final class Graph {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final List<Node> nodes = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /** Adds a node; {@code name} null picks {@code <kind>-<id>}. Names must be unique. */
    public Node add(String name, Node parent, Node.Spec spec) {
        int id = nodes.size();
        String n = name != null ? name
                : spec.getClass().getSimpleName().replace("Spec", "").toLowerCase() + "-" + id;
        if (!NAME.matcher(n).matches()) {
            throw new IllegalArgumentException("operator name must match " + NAME.pattern() + ": '" + n + "'");
        }
        if (!names.add(n)) {
            throw new IllegalArgumentException("operator name already used in this pipeline: '" + n + "'");
        }
        Node node = new Node(id, n, parent, spec);
        nodes.add(node);
        return node;
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }
}
