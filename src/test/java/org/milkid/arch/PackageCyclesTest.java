package org.milkid.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The packages of src/main import one another without a cycle (imports as written in the sources). */
class PackageCyclesTest {
    private static final Pattern PACKAGE = Pattern.compile("^package (org\\.milkid[\\w.]*);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(org\\.milkid\\.[\\w.]+?)\\.[A-Z]",
            Pattern.MULTILINE);

    /** Package to the packages it imports, from the sources under {@code root}. */
    static Map<String, Set<String>> imports(Path root) throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            Matcher p = PACKAGE.matcher(text);
            if (!p.find()) {
                continue;
            }
            Set<String> to = deps.computeIfAbsent(p.group(1), k -> new TreeSet<>());
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                if (!m.group(1).equals(p.group(1))) {
                    to.add(m.group(1));
                }
            }
        }
        return deps;
    }

    /** A cycle as a path a -> ... -> a, or an empty list when the graph has none. */
    static List<String> cycle(Map<String, Set<String>> deps) {
        Map<String, Integer> state = new TreeMap<>(); // 1: on the current path, 2: done
        for (String start : deps.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            List<String> found = visit(start, deps, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(String v, Map<String, Set<String>> deps, Map<String, Integer> state,
            Deque<String> path) {
        Integer s = state.get(v);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null && s == 1) {
            List<String> c = new ArrayList<>();
            boolean on = false;
            for (String p : path) {
                on |= p.equals(v);
                if (on) {
                    c.add(p);
                }
            }
            c.add(v);
            return c;
        }
        state.put(v, 1);
        path.addLast(v);
        for (String w : deps.getOrDefault(v, Set.of())) {
            List<String> c = visit(w, deps, state, path);
            if (!c.isEmpty()) {
                return c;
            }
        }
        path.removeLast();
        state.put(v, 2);
        return List.of();
    }

    @Test
    void theCycleFinderFindsAPlantedCycleAndNoneWhereThereIsNone() {
        Map<String, Set<String>> deps = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("d")));
        assertThat(cycle(deps)).isEmpty();
        deps.put("d", Set.of("b"));
        assertThat(cycle(deps)).containsExactly("b", "c", "d", "b");
    }

    @Test
    void noPackageOfMilkidImportsItselfBackThroughOthers() throws IOException {
        Map<String, Set<String>> deps = imports(Path.of("src/main/java"));
        assertThat(deps).containsKeys("org.milkid.model", "org.milkid.detect", "org.milkid.results", "org.milkid.app");
        assertThat(cycle(deps)).as("an import cycle between packages").isEmpty();
    }
}
